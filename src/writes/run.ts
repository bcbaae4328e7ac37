import { createHash, randomBytes } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import mongoose from 'mongoose';
import { MUTATION_ACTIONS } from '../auth/matrix';
import type { Viewer } from '../auth/viewer';
import { WriteJournal, WriteReceipt, type WriteAuditDoc, type WriteReceiptDoc } from '../db/models/writes';
import { ImportBusy } from '../integration/runs';
import { resumeJournals, StepConflict, writeAndApply, INTERRUPTED_AFTER_MS, type JournalHooks, type Step } from './journal';
import { badField, conflict, requireIdempotencyKey } from './validate';

/*
 * One mutation, safely: runWrite() gives every workflow idempotency, journaled effects, a CONFLICT for a lost race and
 * the write audit, so a workflow only says what it reads, checks and changes (its Plan).
 *
 *  1. The idempotency key: a receipt unique on (viewer, key) is claimed first. A retry with the same key and the same
 *     input returns the first result and changes nothing; the same key with a different input is BAD_USER_INPUT
 *     (`input.idempotencyKey`); a retry while the first is still running is CONFLICT (retry later).
 *  2. Interrupted journals touching the subjects are finished first (src/writes/journal.ts).
 *  3. The plan: the workflow reads its subject in the viewer's scope, validates, and returns its steps, the changes to
 *     audit (old and new values) and the object the payload shows. An error here changes nothing (the receipt is
 *     released).
 *  4. The journal: steps + audit entries written as one document, then applied. A first step whose condition is false
 *     (expectedVersion, expected status) is the lost race: CONFLICT with the current state, nothing applied.
 *  5. A write to records source imports write is applied under the import lock (src/writes/journal.ts): while an import
 *     runs it is CONFLICT with nothing changed (the same request, same key, may be sent again once the import ends).
 */

/** The part of a request context a write needs. */
export interface WriteContext {
  viewer: Viewer;
  requestId: string;
  now: Date;
}

/** One change to audit: the record, the residents it is about, old and new values of the fields changed. */
export interface AuditedChange {
  subjectType: string;
  subjectId: string;
  personIds?: string[];
  householdIds?: string[];
  /** Null for a record created. */
  old: Record<string, unknown> | null;
  /** Null for a record removed (no workflow removes anything today). */
  new: Record<string, unknown> | null;
}

export interface Plan {
  /** The effects, in order; only the first may carry a condition (src/writes/journal.ts). */
  steps: Step[];
  /** What the write audit records, one entry per record changed. */
  audit: AuditedChange[];
  /** The object the mutation's payload shows: read back after the steps (and on every retry). */
  result: { collection: string; id: string };
  /** The answer when the first step's condition is false; default: CONFLICT naming the record and its status and version. */
  onConflict?: (current: Record<string, unknown> | null) => GraphQLError;
}

export interface WriteSpec {
  /** The mutation's name, as in writeMatrix.ts MUTATION_ACTIONS. */
  mutation: string;
  /** The mutation's input, `idempotencyKey` included. */
  input: { idempotencyKey: string } & Record<string, unknown>;
  /** Ids of the records the write touches: their interrupted journals are finished before the plan reads them. */
  subjects: string[];
  plan: () => Promise<Plan>;
  hooks?: JournalHooks;
}

/** The input as one canonical text (keys sorted, dates as ISO), without the key: what a retry must repeat exactly. */
export function canonicalInput(input: Record<string, unknown>): string {
  const norm = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString();
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, norm((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  const { idempotencyKey: _key, ...rest } = input;
  return JSON.stringify(norm(rest));
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** The receipt's id: the viewer's key, hashed with the viewer (keys are per viewer). */
export const receiptId = (viewer: string, key: string) => sha(`${viewer}\n${key}`).slice(0, 32);

const collection = (name: string) => mongoose.connection.collection(name);

async function readResult(result: { collection: string; id: string }): Promise<Record<string, unknown>> {
  const doc = await collection(result.collection).findOne({ _id: result.id } as never);
  if (!doc) throw new Error(`write result ${result.collection} ${result.id} is missing`);
  return doc as Record<string, unknown>;
}

function defaultConflict(plan: Plan, current: Record<string, unknown> | null): GraphQLError {
  const { collection: coll, id } = plan.result;
  if (!current) return conflict(`${coll} ${id} no longer exists`, null);
  const state = { status: current.status ?? null, version: current.version ?? null };
  return conflict(`${id} changed since you read it: it is now ${String(state.status)} at version ${String(state.version)}; read it again and decide again`, state);
}

function auditSteps(ctx: WriteContext, mutation: string, journalId: string, changes: AuditedChange[]): Step[] {
  // Sortable by time (newest first by _id), and fixed in the journal so a resumed journal writes the same entries.
  const stamp = ctx.now.getTime().toString(36).padStart(9, '0');
  return changes.map((c, i): Step => {
    const doc: WriteAuditDoc = {
      _id: `${stamp}-${journalId.slice(0, 12)}-${i}`,
      at: ctx.now,
      viewer: ctx.viewer.subject,
      role: ctx.viewer.role,
      purpose: ctx.viewer.purpose,
      requestId: ctx.requestId,
      mutation,
      action: MUTATION_ACTIONS[mutation] ?? mutation,
      subjectType: c.subjectType,
      subjectId: c.subjectId,
      personIds: c.personIds ?? [],
      householdIds: c.householdIds ?? [],
      oldValues: c.old ? JSON.stringify(c.old) : null,
      newValues: c.new ? JSON.stringify(c.new) : null,
    };
    return { kind: 'insert', collection: 'writeAudit', doc: doc as unknown as Record<string, unknown> & { _id: string } };
  });
}

/** Claims the receipt, or answers the first attempt's result (or its refusal). Returns null when this attempt runs. */
async function claim(ctx: WriteContext, spec: WriteSpec, id: string, inputHash: string): Promise<Record<string, unknown> | null> {
  const receipt: WriteReceiptDoc = { _id: id, viewer: ctx.viewer.subject, mutation: spec.mutation, inputHash, status: 'PENDING', result: null, at: ctx.now };
  try {
    await WriteReceipt.create(receipt);
    return null;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  const first = await WriteReceipt.findById(id).lean();
  if (!first) return claim(ctx, spec, id, inputHash); // released between the two reads
  if (first.mutation !== spec.mutation || first.inputHash !== inputHash) {
    throw badField('input.idempotencyKey', `was already used by you for a different request (${first.mutation}); use a new key for a new request`);
  }
  if (first.status === 'DONE' && first.result) return readResult(first.result);
  // PENDING: its journal, if written, holds the effects; finish it. Without one, the first attempt died before writing
  // anything (or is still planning).
  const journal = await WriteJournal.findById(id).lean();
  if (journal?.status === 'DONE' || (journal?.status === 'PENDING' && ctx.now.getTime() - journal.createdAt.getTime() >= INTERRUPTED_AFTER_MS)) {
    if (journal.status === 'PENDING') await resumeJournals(journal.subjects);
    await WriteReceipt.updateOne({ _id: id }, { $set: { status: 'DONE', result: journal.result } });
    return readResult(journal.result);
  }
  if (!journal && ctx.now.getTime() - first.at.getTime() >= INTERRUPTED_AFTER_MS) {
    await WriteReceipt.deleteOne({ _id: id, status: 'PENDING' });
    return claim(ctx, spec, id, inputHash);
  }
  throw conflict('a request with this idempotency key is still being processed; retry it in a moment', null);
}

/** The answer to a write that met the import lock held (runs.ts ImportBusy): nothing was changed. */
function importRunning(err: ImportBusy): GraphQLError {
  return conflict(
    err.byImport
      ? 'a source import is writing these records right now; nothing was changed: send the same request again when the import has finished'
      : 'another write to these records is taking unusually long; nothing was changed: send the same request again in a moment',
    null,
  );
}

/**
 * Runs one mutation (see the top of this file) and answers the object its payload shows. Expected refusals are thrown as
 * GraphQL errors with codes (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT).
 */
export async function runWrite(ctx: WriteContext, spec: WriteSpec): Promise<Record<string, unknown>> {
  try {
    return await runWriteOnce(ctx, spec);
  } catch (err) {
    throw err instanceof ImportBusy ? importRunning(err) : err;
  }
}

async function runWriteOnce(ctx: WriteContext, spec: WriteSpec): Promise<Record<string, unknown>> {
  requireIdempotencyKey(spec.input.idempotencyKey);
  const id = receiptId(ctx.viewer.subject, spec.input.idempotencyKey);
  const inputHash = sha(canonicalInput(spec.input));
  const earlier = await claim(ctx, spec, id, inputHash);
  if (earlier) return earlier;
  let plan: Plan;
  try {
    await resumeJournals(spec.subjects, spec.hooks, ctx.now);
    plan = await spec.plan();
  } catch (err) {
    await WriteReceipt.deleteOne({ _id: id, status: 'PENDING' });
    throw err;
  }
  const steps = [...plan.steps, ...auditSteps(ctx, spec.mutation, id, plan.audit)];
  try {
    await writeAndApply(id, [...new Set([...spec.subjects, ...plan.audit.map((a) => a.subjectId)])], steps, plan.result, spec.hooks);
  } catch (err) {
    if (err instanceof ImportBusy) {
      // Refused before its journal was written: nothing happened, and the same key may run again.
      await WriteReceipt.deleteOne({ _id: id, status: 'PENDING' });
      throw err;
    }
    if (!(err instanceof StepConflict)) throw err;
    await WriteReceipt.deleteOne({ _id: id, status: 'PENDING' });
    // The aborted journal keeps its id: a retry with the same key must be able to run again.
    await WriteJournal.deleteOne({ _id: id, status: 'ABORTED' });
    throw (plan.onConflict ?? ((c) => defaultConflict(plan, c)))(err.current);
  }
  await WriteReceipt.updateOne({ _id: id }, { $set: { status: 'DONE', result: plan.result } });
  return readResult(plan.result);
}

/** A fresh id for a record a write creates: sortable by time, unique enough, fixed once written in the journal. */
export function newRecordId(prefix: string, now: Date): string {
  return `${prefix}${now.getTime().toString(36).toUpperCase().padStart(9, '0')}${randomBytes(4).toString('hex').toUpperCase()}`;
}
