import { GraphQLError } from 'graphql';
import { fieldDecision } from '../auth/decide';
import { rowFilter, withScope } from '../auth/scope';
import { AidProposal, type AidProposalDoc, type AidProposalStatus, type ProposalStep } from '../db/models/aidProposal';
import { Household } from '../db/models/household';
import { Person, type PersonDoc } from '../db/models/person';
import { Programme } from '../db/models/programme';
import { PROGRAMME_CODES } from '../domain/codes';
import type { ProgrammeRecord } from '../domain/records';
import { ErrorCode } from '../errors';
import type { AidProposalKind } from '../db/models/aidProposal';
import { nextHubId } from '../services/hubIds';
import { requireAction, requireProgramme, subjectInScope } from '../writes/guard';
import { runWrite, type AuditedChange, type WriteContext } from '../writes/run';
import { badField, conflict, notFound, requireOneOf, requireText } from '../writes/validate';
import { checkEligibility } from '../policy/eligibility';
import { eligibilitySubject, failuresFor, householdOf, type ProposedSubject } from './aidEligibility';

/*
 * Aid proposals (usulan bantuan, docs/domain.md section 9): SUBMITTED by the desa tier -> VERIFIED by the kecamatan's
 * TKSK (or RETURNED with a reason) -> APPROVED or REJECTED by an OPERATOR or ADMIN. A proposal exists for a viewer when
 * its family or person does (the subject's row scope); the programme rules are checked at submission.
 *
 * Every step states the version it read. The embedded engine does not apply an update's filter atomically (two racing
 * `updateOne({ version: 3 })` may both match), so the race is decided by a unique key instead: the first step of each
 * transition inserts `<proposal>@v<version+1>` into `aidProposalSteps`; of two racing steps one inserts and the other
 * finds the key taken (CONFLICT). The proposal itself is then set to the state that step journaled, idempotently.
 */

const MAX_TEXT = 2000;
const ID = /^AP\d{8}$/;

export interface SubmitInput {
  idempotencyKey: string;
  kind: AidProposalKind;
  programme: string;
  householdId?: string | null;
  personId?: string | null;
  justification?: string | null;
}

const actorOf = (ctx: WriteContext) => ({ subject: ctx.viewer.subject, role: ctx.viewer.role, pilarId: ctx.viewer.pilarId, at: ctx.now });

const subjectIds = (p: Pick<AidProposalDoc, 'householdId' | 'personId'>) => ({ householdIds: [p.householdId], personIds: p.personId ? [p.personId] : [] });

/** BAD_USER_INPUT naming the failing rules (`extensions.rules`), on the input that would set them aside or the subject. */
function ruleError(field: string, lead: string, failures: { rule: string; reason: string }[]): GraphQLError {
  const text = failures.map((f) => `${f.rule} (${f.reason})`).join('; ');
  return new GraphQLError(`${field}: ${lead}: ${text}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field, argument: field, rules: failures.map((f) => ({ rule: f.rule, reason: f.reason })) },
  });
}

async function proposedSubject(ctx: WriteContext, programme: ProgrammeRecord, input: SubmitInput): Promise<ProposedSubject> {
  if (programme.level === 'HOUSEHOLD') {
    if (!input.householdId || input.personId)
      throw badField(input.householdId ? 'input.personId' : 'input.householdId', `${programme._id} enrols families: give householdId, not personId`);
    const household = await subjectInScope<ProposedSubject['household']>(ctx.viewer, 'households', input.householdId, 'input.householdId', ctx.now);
    return { level: 'HOUSEHOLD', household, person: null };
  }
  if (!input.personId || input.householdId)
    throw badField(input.personId ? 'input.householdId' : 'input.personId', `${programme._id} enrols persons: give personId, not householdId`);
  const person = await subjectInScope<PersonDoc>(ctx.viewer, 'persons', input.personId, 'input.personId', ctx.now);
  const household = await householdOf(person);
  if (!household) throw badField('input.personId', 'the person belongs to no family in the hub; the programme rules cannot be checked');
  return { level: 'PERSON', household, person };
}

export function submitAidProposal(ctx: WriteContext, input: SubmitInput): Promise<Record<string, unknown>> {
  return runWrite(ctx, {
    mutation: 'submitAidProposal',
    input: { ...input },
    subjects: [input.householdId ?? input.personId ?? ''],
    plan: async () => {
      requireAction(ctx.viewer, 'SUBMIT_AID_PROPOSAL');
      const code = requireOneOf('input.programme', input.programme, PROGRAMME_CODES, 'programme');
      requireProgramme(ctx.viewer, 'SUBMIT_AID_PROPOSAL', code, 'input.programme');
      const justification = requireText('input.justification', input.justification, MAX_TEXT);
      const programme = await Programme.findById(code).lean<ProgrammeRecord>();
      if (!programme) throw badField('input.programme', `${code} is not in the hub's programme catalogue`);
      const subject = await proposedSubject(ctx, programme, input);
      // Stored in full; every answer words them for its reader (failuresFor).
      const failures = checkEligibility(await eligibilitySubject(subject, ctx.now), programme, input.kind);
      const worded = failuresFor(ctx.viewer, failures, programme);
      const hard = worded.filter((f) => !f.overridable);
      if (hard.length > 0) throw ruleError(subject.level === 'HOUSEHOLD' ? 'input.householdId' : 'input.personId', `cannot be proposed to ${input.kind} in ${code}`, hard);
      if (failures.length > 0 && !justification)
        throw ruleError('input.justification', `required, because the ${subject.level === 'HOUSEHOLD' ? 'family' : 'person'} does not meet ${code}'s rules`, worded);
      const id = await nextHubId('AP');
      const step: ProposalStep = { ...actorOf(ctx), action: 'SUBMIT', from: null, to: 'SUBMITTED', note: null };
      const doc: AidProposalDoc = {
        _id: id,
        kind: input.kind,
        programmeCode: code,
        subjectType: subject.level,
        householdId: subject.household._id,
        personId: subject.person?._id ?? null,
        desaCode: (subject.person ?? subject.household).desaCode,
        kecamatanCode: (subject.person ?? subject.household).kecamatanCode,
        status: 'SUBMITTED',
        version: 1,
        failedRules: failures.map((f) => ({ rule: f.rule, reason: f.reason })),
        justification: failures.length > 0 ? justification : null,
        submitted: actorOf(ctx),
        steps: [step],
        updatedAt: ctx.now,
      };
      const audit: AuditedChange = {
        subjectType: 'aidProposals',
        subjectId: id,
        ...subjectIds(doc),
        old: null,
        new: { kind: doc.kind, programme: code, status: doc.status, version: 1, failedRules: doc.failedRules.map((f) => f.rule), justification: doc.justification },
      };
      return {
        steps: [{ kind: 'insert', collection: 'aidProposals', doc: doc as unknown as Record<string, unknown> & { _id: string } }],
        audit: [audit],
        result: { collection: 'aidProposals', id },
      };
    },
  });
}

/** A proposal as the viewer may see it: null when missing or when its family or person is outside the viewer's rows. */
export async function proposalInScope(viewer: WriteContext['viewer'], id: string, now: Date): Promise<AidProposalDoc | null> {
  if (!ID.test(id)) return null;
  const p = await AidProposal.findById(id).lean<AidProposalDoc>();
  if (!p) return null;
  // A proposal states programme facts (GRADUATE from PKH: the family is in PKH). A role that reads only the flag of
  // PROGRAMME (a PSM) follows the proposals it submitted itself, not those others made about its desa.
  if (fieldDecision(viewer, 'Person', 'enrollments') !== 'allow' && p.submitted.subject !== viewer.subject) return null;
  const [collection, subjectId, model] = p.subjectType === 'HOUSEHOLD' ? (['households', p.householdId, Household] as const) : (['persons', p.personId!, Person] as const);
  const filter = withScope({ _id: subjectId }, rowFilter(viewer, collection, now));
  if (filter === null) return null;
  return (await (model as typeof Person).exists(filter)) ? p : null;
}

type StepAction = 'VERIFY' | 'RETURN' | 'APPROVE' | 'REJECT';

const TRANSITIONS: Record<
  StepAction,
  { from: AidProposalStatus; to: AidProposalStatus; matrix: 'VERIFY_AID_PROPOSAL' | 'DECIDE_AID_PROPOSAL'; mutation: string; reasonRequired: boolean }
> = {
  VERIFY: { from: 'SUBMITTED', to: 'VERIFIED', matrix: 'VERIFY_AID_PROPOSAL', mutation: 'verifyAidProposal', reasonRequired: false },
  RETURN: { from: 'SUBMITTED', to: 'RETURNED', matrix: 'VERIFY_AID_PROPOSAL', mutation: 'returnAidProposal', reasonRequired: true },
  APPROVE: { from: 'VERIFIED', to: 'APPROVED', matrix: 'DECIDE_AID_PROPOSAL', mutation: 'approveAidProposal', reasonRequired: false },
  REJECT: { from: 'VERIFIED', to: 'REJECTED', matrix: 'DECIDE_AID_PROPOSAL', mutation: 'rejectAidProposal', reasonRequired: true },
};

export interface StepInput {
  idempotencyKey: string;
  proposalId: string;
  expectedVersion: number;
  note?: string | null;
  reason?: string | null;
}

function proposalConflict(id: string, current: { status?: unknown; version?: unknown } | null, expected: string): GraphQLError {
  const state = current ? { status: current.status ?? null, version: current.version ?? null } : null;
  return conflict(`aid proposal ${id} is ${String(state?.status)} at version ${String(state?.version)}; expected ${expected}. Read it again and decide again`, state);
}

/** One step of the kecamatan or Dinsos tier on a proposal (see the top of this file for how races are decided). */
export function stepAidProposal(ctx: WriteContext, action: StepAction, input: StepInput): Promise<Record<string, unknown>> {
  const t = TRANSITIONS[action];
  return runWrite(ctx, {
    mutation: t.mutation,
    input: { ...input },
    subjects: [input.proposalId],
    plan: async () => {
      requireAction(ctx.viewer, t.matrix);
      const note = t.reasonRequired ? requireText('input.reason', input.reason, MAX_TEXT, true) : requireText('input.note', input.note, MAX_TEXT);
      const p = await proposalInScope(ctx.viewer, input.proposalId, ctx.now);
      if (!p) throw notFound('input.proposalId', 'aid proposal', input.proposalId);
      const expected = `${t.from} at version ${input.expectedVersion}`;
      if (p.status !== t.from || p.version !== input.expectedVersion) throw proposalConflict(p._id, p, expected);
      const version = p.version + 1;
      const step: ProposalStep = { ...actorOf(ctx), action, from: p.status, to: t.to, note };
      const next = { status: t.to, version, steps: [...p.steps, step], updatedAt: ctx.now };
      return {
        steps: [
          { kind: 'insert', collection: 'aidProposalSteps', doc: { _id: `${p._id}@v${version}`, proposalId: p._id, status: t.to, version, by: ctx.viewer.subject, at: ctx.now } },
          { kind: 'update', collection: 'aidProposals', id: p._id, set: next },
        ],
        audit: [{ subjectType: 'aidProposals', subjectId: p._id, ...subjectIds(p), old: { status: p.status, version: p.version }, new: { status: t.to, version, note } }],
        result: { collection: 'aidProposals', id: p._id },
        onConflict: (current) => proposalConflict(p._id, current, expected),
      };
    },
  });
}
