import { GraphQLError } from 'graphql';
import { Discrepancy, type DiscrepancyDoc } from '../db/models/discrepancy';
import type { HouseholdDoc } from '../db/models/household';
import { parseLineage, type Observation } from '../db/models/lineage';
import type { PersonDoc } from '../db/models/person';
import type { ReferralDoc } from '../db/models/referral';
import { DataChangeRequest, Visit, type DataChangeRequestDoc, type ObservedValues, type VisitDoc } from '../db/models/verval';
import type { ProvenanceMap } from '../domain/provenance';
import { ErrorCode } from '../errors';
import { registerReplanner, type JournalHooks, type Step } from '../writes/journal';
import { requireAction, subjectInScope } from '../writes/guard';
import { newRecordId, runWrite, type AuditedChange, type WriteContext } from '../writes/run';
import { badField, conflict, notFound, requireText } from '../writes/validate';
import { checkObserved, IDENTITY_VALUES, isEmpty, observedKeys } from './observed';
import { concerns, oneSubject, subjectInViewerScope } from './visits';

/*
 * Data change requests (usulan perbaikan data), maker-checker (docs/domain.md section 9). A pilar proposes values of
 * fields it may read, citing a visit; an OPERATOR or ADMIN other than the proposer approves or rejects. Approval is one
 * journal: the request's decision (step 0, conditional on PROPOSED at the stated version: the race of two approvers is
 * decided there), the Dukcapil referrals of the identity facts, the golden record's new values as an observation of
 * source VERVAL (with the request, hence proposer, approver and visit, as provenance), and the audit.
 */

export interface ProposeInput {
  idempotencyKey: string;
  personId?: string | null;
  householdId?: string | null;
  changes: Record<string, unknown>;
  visitId: string;
  discrepancyId?: string | null;
  note?: string | null;
}

export interface DecideInput {
  idempotencyKey: string;
  requestId: string;
  expectedVersion: number;
  reason?: string | null;
}

/** The visit a request cites: seen by the viewer, about the same person or family (a person's family counts), and someone was met. */
async function citedVisit(ctx: WriteContext, visitId: string, personId: string | null, householdId: string | null): Promise<VisitDoc> {
  const visit = await Visit.findById(visitId).lean<VisitDoc>();
  if (!visit) throw notFound('input.visitId', 'visit', visitId);
  const [c, id] = visit.personId ? (['persons', visit.personId] as const) : (['households', visit.householdId!] as const);
  await subjectInScope(ctx.viewer, c, id, 'input.visitId', ctx.now).catch(() => {
    throw notFound('input.visitId', 'visit', visitId);
  });
  if (!concerns(visit, personId, householdId))
    throw badField('input.visitId', `visit ${visit._id} was not to this ${personId ? 'person' : 'family'}${personId ? ' or its family' : ''}`);
  if (visit.outcome !== 'FOUND' && visit.outcome !== 'DECEASED')
    throw badField('input.visitId', `visit ${visit._id} met no one (outcome ${visit.outcome}): it cannot support a correction`);
  return visit;
}

export function proposeDataChange(ctx: WriteContext, input: ProposeInput): Promise<Record<string, unknown>> {
  const subject = oneSubject(input);
  const note = requireText('input.note', input.note, 2000);
  const changes = checkObserved(ctx.viewer, 'input.changes', 'Mutation.proposeDataChange', input.changes, subject.type, ctx.now);
  if (isEmpty(changes)) throw badField('input.changes', 'propose at least one value');
  return runWrite(ctx, {
    mutation: 'proposeDataChange',
    input: { ...input },
    subjects: [subject.id],
    plan: async () => {
      requireAction(ctx.viewer, 'PROPOSE_DATA_CHANGE');
      const { doc, personId, householdId } = await subjectInViewerScope(ctx, subject);
      const visit = await citedVisit(ctx, input.visitId, personId, householdId);
      if (input.discrepancyId) {
        const d = await subjectInScope<DiscrepancyDoc>(ctx.viewer, 'discrepancies', input.discrepancyId, 'input.discrepancyId', ctx.now);
        if (!concerns(d, personId, householdId)) throw badField('input.discrepancyId', `discrepancy ${d._id} is not about this ${personId ? 'person' : 'family'}`);
      }
      const request: DataChangeRequestDoc = {
        _id: newRecordId('DC', ctx.now),
        personId,
        householdId: subject.type === 'HOUSEHOLD' ? doc._id : householdId,
        desaCode: doc.desaCode,
        kecamatanCode: doc.kecamatanCode,
        status: 'PROPOSED',
        version: 0,
        changes,
        visitId: visit._id,
        discrepancyId: input.discrepancyId ?? null,
        note,
        proposedBy: ctx.viewer.subject,
        proposedRole: ctx.viewer.role,
        proposedAt: ctx.now,
        decidedBy: null,
        decidedAt: null,
        decisionReason: null,
        referralIds: [],
      };
      return {
        steps: [{ kind: 'insert', collection: 'dataChangeRequests', doc: request as unknown as Record<string, unknown> & { _id: string } }],
        audit: [
          {
            subjectType: 'dataChangeRequests',
            subjectId: request._id,
            personIds: personId ? [personId] : [],
            householdIds: householdId ? [householdId] : [],
            old: null,
            new: { status: 'PROPOSED', changes, visitId: visit._id },
          },
        ],
        result: { collection: 'dataChangeRequests', id: request._id },
      };
    },
  });
}

function requestConflict(r: Pick<DataChangeRequestDoc, '_id' | 'status' | 'version'> | null, expected: string): GraphQLError {
  if (!r) return conflict('the request no longer exists', null);
  return conflict(`data change request ${r._id} is ${r.status} at version ${r.version}; expected ${expected}`, { status: r.status, version: r.version });
}

/** The request as the viewer may see it (its person or family in scope), decidable by it (maker-checker), at the version stated. */
async function decidable(ctx: WriteContext, input: DecideInput, verb: string): Promise<DataChangeRequestDoc> {
  requireAction(ctx.viewer, 'DECIDE_DATA_CHANGE');
  const r = await DataChangeRequest.findById(input.requestId).lean<DataChangeRequestDoc>();
  if (!r) throw notFound('input.requestId', 'data change request', input.requestId);
  if (r.personId) await subjectInScope(ctx.viewer, 'persons', r.personId, 'input.requestId', ctx.now);
  else if (r.householdId) await subjectInScope(ctx.viewer, 'households', r.householdId, 'input.requestId', ctx.now);
  if (r.proposedBy === ctx.viewer.subject) {
    throw new GraphQLError(`input.requestId: you proposed data change request ${r._id}; another OPERATOR or ADMIN must ${verb} it (maker-checker)`, {
      extensions: { code: ErrorCode.FORBIDDEN, field: 'input.requestId', argument: 'input.requestId' },
    });
  }
  if (r.status !== 'PROPOSED' || r.version !== input.expectedVersion) throw requestConflict(r, `PROPOSED at version ${input.expectedVersion}`);
  return r;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const text = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? day(v) : String(v));

/**
 * The golden record's new values and lineage: the approved values as the VERVAL observation, and VERVAL as their
 * provenance. Each value is dated by the visit that observed it (a source observed later that states it differently is
 * a VERVAL_CONTRADICTED discrepancy, src/integration/verval.ts); a family's address and housing carry the desa they
 * were verified in (they stop counting once the family lives elsewhere).
 */
function goldenChange(
  doc: (PersonDoc | HouseholdDoc) & { lineage?: string },
  changes: ObservedValues,
  request: Pick<DataChangeRequestDoc, '_id' | 'desaCode'>,
  observedOn: Date,
): { set: Record<string, unknown>; old: Record<string, unknown>; fields: string[] } {
  const set: Record<string, unknown> = {};
  const obs: Record<string, unknown> = {};
  const person = doc as PersonDoc;
  const household = doc as HouseholdDoc;
  if (changes.phone !== undefined) obs.phone = changes.phone;
  if (changes.occupation !== undefined) obs.occupation = changes.occupation;
  if (changes.education !== undefined) obs.education = changes.education;
  if (changes.pregnant !== undefined) obs.pregnant = changes.pregnant;
  if (changes.disabilityType !== undefined) obs.disability = { type: changes.disabilityType, severity: changes.disabilitySeverity };
  if (changes.street !== undefined || changes.rt !== undefined || changes.rw !== undefined) {
    obs.address = { ...household.address, ...pick(changes, ['street', 'rt', 'rw']) };
  }
  const housing = pick(changes, ['floor', 'wall', 'roof', 'water', 'sanitation', 'electricityVa', 'cookingFuel']);
  if (Object.keys(housing).length > 0) {
    if (!household.housing && Object.keys(housing).length < 7) throw badField('input.requestId', 'the family has no housing record yet: the request must give every housing value');
    obs.housing = { ...(household.housing ?? {}), ...housing };
  }
  const isHousehold = !doc._id.startsWith('P');
  // A family that has moved to another desa since the visit: the values describe the old dwelling, kept as the
  // observation only (src/integration/verval.ts).
  const current = !isHousehold || request.desaCode === doc.desaCode;
  const old: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obs)) {
    old[k] = (k in person ? (person as unknown as Record<string, unknown>)[k] : null) ?? null;
    if (current) set[k] = v;
  }
  if (Object.keys(obs).length === 0) return { set, old, fields: [] };
  const lineage = parseLineage<{ sources?: Record<string, Observation>; provenance?: ProvenanceMap } & Record<string, unknown>>(doc.lineage) ?? {};
  const prior = (lineage.sources?.VERVAL ?? {}) as Observation & { requests?: Record<string, string>; observedOn?: Record<string, Date>; desaCode?: string };
  const requests = { ...(prior.requests ?? {}) };
  const dated = { ...(prior.observedOn ?? {}) };
  for (const k of Object.keys(obs)) [requests[k], dated[k]] = [request._id, observedOn];
  const verval: Record<string, unknown> = { ...prior, ...obs, asOf: observedOn, runId: request._id, line: 0, hash: request._id, requests, observedOn: dated };
  if (isHousehold) {
    // Values of an earlier visit in another desa describe another dwelling: they go.
    if (prior.desaCode !== undefined && prior.desaCode !== request.desaCode) for (const k of ['address', 'housing']) if (!(k in obs)) delete verval[k];
    verval.desaCode = request.desaCode;
  }
  const provenance: ProvenanceMap = { ...(lineage.provenance ?? {}) };
  if (current) for (const k of Object.keys(obs)) provenance[k] = 'VERVAL';
  set.lineage = JSON.stringify({ ...lineage, sources: { ...(lineage.sources ?? {}), VERVAL: verval }, provenance });
  return { set, old, fields: Object.keys(obs) };
}

/**
 * The golden record's update step: conditional on the record's lineage as read, so that an import changing the record
 * meanwhile is never overwritten. A lost race is planned again from the record as it is then (the journal's
 * replanner), and the approved values applied on top of what the import wrote.
 */
function goldenStep(collection: 'persons' | 'households', doc: { _id: string; lineage?: string }, set: Record<string, unknown>, requestId: string, observedOn: Date): Step {
  return {
    kind: 'update',
    collection,
    id: doc._id,
    where: { lineage: doc.lineage ?? { $exists: false } },
    set,
    replan: { with: GOLDEN_REPLANNER, args: { requestId, observedOn: observedOn.toISOString() } },
  };
}

const GOLDEN_REPLANNER = 'dataChanges.golden';

registerReplanner(GOLDEN_REPLANNER, async (current, args) => {
  const r = await DataChangeRequest.findById(String(args.requestId)).lean<DataChangeRequestDoc>();
  if (!r) throw new Error(`data change request ${String(args.requestId)} is gone`);
  const doc = current as unknown as (PersonDoc | HouseholdDoc) & { lineage?: string };
  const observedOn = new Date(String(args.observedOn));
  const golden = goldenChange(doc, r.changes, r, observedOn);
  return goldenStep(r.personId !== null ? 'persons' : 'households', doc, golden.set, r._id, observedOn);
});

/** The open VERVAL_CONTRADICTED discrepancies about the record on the facts the approval verified again: it settles them. */
async function settledContradictions(subjectId: string, facts: string[]): Promise<DiscrepancyDoc[]> {
  if (facts.length === 0) return [];
  const about = subjectId.startsWith('P') ? { subjectType: 'PERSON' as const, personId: subjectId } : { subjectType: 'HOUSEHOLD' as const, householdId: subjectId };
  const found = await Discrepancy.find({ ...about, kind: 'VERVAL_CONTRADICTED' }).lean<DiscrepancyDoc[]>();
  return found.filter((d) => (d.status === 'OPEN' || d.status === 'IN_VERIFICATION') && d.aspect !== null && facts.includes(d.aspect));
}

function pick(o: ObservedValues, ks: (keyof ObservedValues)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ks) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

export function approveDataChange(ctx: WriteContext, input: DecideInput, hooks?: JournalHooks): Promise<Record<string, unknown>> {
  const reason = requireText('input.reason', input.reason, 2000);
  return runWrite(ctx, {
    mutation: 'approveDataChange',
    input: { ...input },
    subjects: [input.requestId],
    hooks,
    plan: async () => {
      const r = await decidable(ctx, input, 'approve');
      const subject =
        r.personId !== null
          ? await subjectInScope<PersonDoc>(ctx.viewer, 'persons', r.personId, 'input.requestId', ctx.now)
          : await subjectInScope<HouseholdDoc>(ctx.viewer, 'households', r.householdId!, 'input.requestId', ctx.now);
      const visit = await Visit.findById(r.visitId).lean<VisitDoc>();
      const ids = { personIds: r.personId ? [r.personId] : [], householdIds: r.householdId ? [r.householdId] : [] };
      // Identity facts are never changed by the hub: each becomes a referral to Dukcapil.
      const referrals: ReferralDoc[] = observedKeys(r.changes)
        .filter((k) => IDENTITY_VALUES.has(k))
        .map((field, i) => ({
          _id: `RF${r._id.slice(2)}${i}`,
          personId: r.personId!,
          householdId: r.householdId,
          nik: (subject as PersonDoc).nik ?? null,
          field,
          recordedValue: text((subject as unknown as Record<string, unknown>)[field]),
          observedValue: text(r.changes[field])!,
          changeRequestId: r._id,
          visitId: r.visitId,
          visitDate: visit?.date ?? r.proposedAt,
          proposedBy: r.proposedBy,
          approvedBy: ctx.viewer.subject,
          approvedAt: ctx.now,
          desaCode: subject.desaCode,
          kecamatanCode: subject.kecamatanCode,
          exportedAt: null,
        }));
      // The values are as the visit observed them, on its date.
      const observedOn = visit?.date ?? r.proposedAt;
      const golden = goldenChange(subject, r.changes, r, observedOn);
      const settled = await settledContradictions(subject._id, golden.fields);
      const decided = {
        status: 'APPROVED',
        version: r.version + 1,
        decidedBy: ctx.viewer.subject,
        decidedAt: ctx.now,
        decisionReason: reason,
        referralIds: referrals.map((x) => x._id),
      };
      const collection = r.personId !== null ? 'persons' : 'households';
      const steps: Step[] = [
        { kind: 'update', collection: 'dataChangeRequests', id: r._id, where: { status: 'PROPOSED', version: r.version }, set: decided },
        ...referrals.map((doc): Step => ({ kind: 'insert', collection: 'referrals', doc: doc as unknown as Record<string, unknown> & { _id: string } })),
        ...(golden.fields.length > 0 ? [goldenStep(collection, subject as { _id: string; lineage?: string }, golden.set, r._id, observedOn)] : []),
        ...settled.map((d): Step => ({
          kind: 'update',
          collection: 'discrepancies',
          id: d._id,
          set: {
            status: 'RESOLVED',
            closedAt: ctx.now,
            resolution: {
              reason: `verified again in the field and approved (data change request ${r._id})`,
              by: 'VERIFICATION',
              runId: null,
              at: ctx.now,
              viewer: ctx.viewer.subject,
              visitId: r.visitId,
            },
          },
          inc: { version: 1 },
        })),
      ];
      const audit: AuditedChange[] = [
        {
          subjectType: 'dataChangeRequests',
          subjectId: r._id,
          ...ids,
          old: { status: r.status, version: r.version },
          new: { status: 'APPROVED', version: decided.version, reason },
        },
        ...referrals.map((x): AuditedChange => ({
          subjectType: 'referrals',
          subjectId: x._id,
          ...ids,
          old: null,
          new: { field: x.field, recordedValue: x.recordedValue, observedValue: x.observedValue },
        })),
      ];
      if (golden.fields.length > 0) {
        const { lineage: _l, ...values } = golden.set;
        audit.push({ subjectType: collection, subjectId: subject._id, ...ids, old: golden.old, new: { ...values, source: 'VERVAL', changeRequestId: r._id } });
      }
      for (const d of settled)
        audit.push({
          subjectType: 'discrepancies',
          subjectId: d._id,
          ...ids,
          old: { status: d.status, version: d.version ?? 0 },
          new: { status: 'RESOLVED', changeRequestId: r._id },
        });
      return {
        steps,
        audit,
        result: { collection: 'dataChangeRequests', id: r._id },
        onConflict: (c) => requestConflict(c as DataChangeRequestDoc | null, `PROPOSED at version ${r.version}`),
      };
    },
  });
}

export function rejectDataChange(ctx: WriteContext, input: DecideInput): Promise<Record<string, unknown>> {
  const reason = requireText('input.reason', input.reason, 2000, true)!;
  return runWrite(ctx, {
    mutation: 'rejectDataChange',
    input: { ...input },
    subjects: [input.requestId],
    plan: async () => {
      const r = await decidable(ctx, input, 'reject');
      const decided = { status: 'REJECTED', version: r.version + 1, decidedBy: ctx.viewer.subject, decidedAt: ctx.now, decisionReason: reason };
      return {
        steps: [{ kind: 'update', collection: 'dataChangeRequests', id: r._id, where: { status: 'PROPOSED', version: r.version }, set: decided }],
        audit: [
          {
            subjectType: 'dataChangeRequests',
            subjectId: r._id,
            personIds: r.personId ? [r.personId] : [],
            householdIds: r.householdId ? [r.householdId] : [],
            old: { status: r.status, version: r.version },
            new: { status: 'REJECTED', version: decided.version, reason },
          },
        ],
        result: { collection: 'dataChangeRequests', id: r._id },
        onConflict: (c) => requestConflict(c as DataChangeRequestDoc | null, `PROPOSED at version ${r.version}`),
      };
    },
  });
}
