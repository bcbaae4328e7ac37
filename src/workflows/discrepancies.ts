import { GraphQLError } from 'graphql';
import type { DiscrepancyDoc, Resolution } from '../db/models/discrepancy';
import { Visit, type VisitDoc } from '../db/models/verval';
import { ErrorCode } from '../errors';
import { requireAction, subjectInScope } from '../writes/guard';
import { runWrite, type AuditedChange, type WriteContext } from '../writes/run';
import { badField, conflict, notFound, requireText } from '../writes/validate';

/*
 * The discrepancy life cycle (docs/domain.md section 9): OPEN -> IN_VERIFICATION (taken by one viewer, who may release
 * it) -> RESOLVED (a source confirmed, or a correction approved) or DISMISSED (not a discrepancy: a reason and a visit).
 * Every transition states the version it read; the first step of its journal is conditional on that version and status,
 * so of two viewers taking one discrepancy at once exactly one wins and the other gets CONFLICT.
 */

export const versionOf = (d: Pick<DiscrepancyDoc, 'version'>): number => d.version ?? 0;

/** The filter matching a discrepancy still at this version (absent counts as 0). */
export const atVersion = (v: number): unknown => (v === 0 ? { $in: [0, null] } : v);

/** CONFLICT naming what the viewer expected and what it found. */
export function discrepancyConflict(d: Pick<DiscrepancyDoc, '_id' | 'status' | 'version' | 'takenBy'> | null, expected: string): GraphQLError {
  if (!d) return conflict('the discrepancy no longer exists', null);
  const current = { status: d.status, version: versionOf(d), takenBy: d.takenBy ?? null };
  return conflict(`discrepancy ${d._id} is ${current.status} at version ${current.version}; expected ${expected}. Read it again and decide again`, current);
}

export const subjectIds = (d: Pick<DiscrepancyDoc, 'personId' | 'householdId'>) => ({
  personIds: d.personId ? [d.personId] : [],
  householdIds: d.householdId ? [d.householdId] : [],
});

export function auditOf(d: DiscrepancyDoc, old: Record<string, unknown>, now: Record<string, unknown>): AuditedChange {
  return { subjectType: 'discrepancies', subjectId: d._id, ...subjectIds(d), old, new: now };
}

export interface TakeInput {
  idempotencyKey: string;
  discrepancyId: string;
  expectedVersion: number;
}

type DiscrepancyMutation = 'takeDiscrepancy' | 'releaseDiscrepancy' | 'resolveDiscrepancy' | 'dismissDiscrepancy';

/**
 * One step of a discrepancy's life cycle: the viewer may work discrepancies, the discrepancy is in its scope, in
 * status `from` at the version the input expects (CONFLICT otherwise, then or when the write lands); `change` checks
 * what else the step needs and gives the fields to set (besides the next version) and what the audit records of them.
 */
function transition(
  ctx: WriteContext,
  mutation: DiscrepancyMutation,
  input: TakeInput,
  from: 'OPEN' | 'IN_VERIFICATION',
  change: (d: DiscrepancyDoc) => Promise<{ set: Record<string, unknown>; audited: Record<string, unknown> }>,
): Promise<Record<string, unknown>> {
  return runWrite(ctx, {
    mutation,
    input: { ...input },
    subjects: [input.discrepancyId],
    plan: async () => {
      requireAction(ctx.viewer, 'WORK_DISCREPANCY');
      const d = await subjectInScope<DiscrepancyDoc>(ctx.viewer, 'discrepancies', input.discrepancyId, 'input.discrepancyId', ctx.now);
      const expected = `${from} at version ${input.expectedVersion}`;
      if (d.status !== from || versionOf(d) !== input.expectedVersion) throw discrepancyConflict(d, expected);
      const { set, audited } = await change(d);
      // The version right after the status, as every record of a transition has been written.
      const next = { status: set.status, version: input.expectedVersion + 1, ...set };
      return {
        steps: [{ kind: 'update', collection: 'discrepancies', id: d._id, where: { status: from, version: atVersion(input.expectedVersion) }, set: next }],
        audit: [auditOf(d, { status: d.status, version: versionOf(d), takenBy: d.takenBy ?? null }, { status: audited.status, version: next.version, ...audited })],
        result: { collection: 'discrepancies', id: d._id },
        onConflict: (current) => discrepancyConflict(current as DiscrepancyDoc | null, expected),
      };
    },
  });
}

export function takeDiscrepancy(ctx: WriteContext, input: TakeInput): Promise<Record<string, unknown>> {
  return transition(ctx, 'takeDiscrepancy', input, 'OPEN', async () => {
    const set = { status: 'IN_VERIFICATION', takenBy: ctx.viewer.subject, takenAt: ctx.now };
    return { set, audited: set };
  });
}

export interface ReleaseInput extends TakeInput {
  reason?: string | null;
}

/** Whether this viewer may act on a discrepancy another viewer took: only who took it, or Dinsos staff. */
export function requireTaker(ctx: WriteContext, d: DiscrepancyDoc, verb: string): void {
  const staff = ctx.viewer.role === 'ADMIN' || ctx.viewer.role === 'OPERATOR';
  if (d.status === 'IN_VERIFICATION' && d.takenBy !== ctx.viewer.subject && !staff) {
    throw new GraphQLError(`input.discrepancyId: discrepancy ${d._id} was taken by another viewer; only they, an OPERATOR or an ADMIN may ${verb} it`, {
      extensions: { code: ErrorCode.FORBIDDEN, field: 'input.discrepancyId', argument: 'input.discrepancyId' },
    });
  }
}

export function releaseDiscrepancy(ctx: WriteContext, input: ReleaseInput): Promise<Record<string, unknown>> {
  const reason = requireText('input.reason', input.reason, 500);
  return transition(ctx, 'releaseDiscrepancy', input, 'IN_VERIFICATION', async (d) => {
    requireTaker(ctx, d, 'release');
    const set = { status: 'OPEN', takenBy: null, takenAt: null };
    return { set, audited: { ...set, reason } };
  });
}

export interface ResolveInput extends TakeInput {
  resolution: string;
  visitId?: string | null;
}

export interface DismissInput extends TakeInput {
  reason: string;
  visitId: string;
}

/** A visit the viewer may see (its subject in scope) that verified this discrepancy; BAD_USER_INPUT otherwise. */
async function verifyingVisit(ctx: WriteContext, d: DiscrepancyDoc, visitId: string): Promise<VisitDoc> {
  const visit = await Visit.findById(visitId).lean<VisitDoc>();
  const subject = visit?.personId ? ({ c: 'persons', id: visit.personId } as const) : visit?.householdId ? ({ c: 'households', id: visit.householdId } as const) : null;
  if (!visit || !subject) throw notFound('input.visitId', 'visit', visitId);
  await subjectInScope(ctx.viewer, subject.c, subject.id, 'input.visitId', ctx.now).catch(() => {
    throw notFound('input.visitId', 'visit', visitId);
  });
  if (!visit.discrepancyIds.includes(d._id))
    throw badField('input.visitId', `visit ${visit._id} did not verify discrepancy ${d._id} (record a visit listing it in discrepancyIds)`);
  return visit;
}

/** Closes a discrepancy IN_VERIFICATION by hand: RESOLVED with a resolution, or DISMISSED with a reason and a visit. */
function close(
  ctx: WriteContext,
  mutation: 'resolveDiscrepancy' | 'dismissDiscrepancy',
  input: TakeInput & { visitId?: string | null },
  status: 'RESOLVED' | 'DISMISSED',
  reason: string,
): Promise<Record<string, unknown>> {
  return transition(ctx, mutation, input, 'IN_VERIFICATION', async (d) => {
    requireTaker(ctx, d, status === 'RESOLVED' ? 'resolve' : 'dismiss');
    const visit = input.visitId ? await verifyingVisit(ctx, d, input.visitId) : null;
    const resolution: Resolution = { reason, by: 'VERIFICATION', runId: null, at: ctx.now, viewer: ctx.viewer.subject, ...(visit ? { visitId: visit._id } : {}) };
    return { set: { status, closedAt: ctx.now, resolution, takenBy: null, takenAt: null }, audited: { status, reason, visitId: visit?._id ?? null } };
  });
}

export function resolveDiscrepancy(ctx: WriteContext, input: ResolveInput): Promise<Record<string, unknown>> {
  const resolution = requireText('input.resolution', input.resolution, 500, true)!;
  return close(ctx, 'resolveDiscrepancy', input, 'RESOLVED', resolution);
}

export function dismissDiscrepancy(ctx: WriteContext, input: DismissInput): Promise<Record<string, unknown>> {
  const reason = requireText('input.reason', input.reason, 500, true)!;
  return close(ctx, 'dismissDiscrepancy', input, 'DISMISSED', reason);
}
