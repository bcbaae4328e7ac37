import type { DiscrepancyDoc } from '../db/models/discrepancy';
import type { HouseholdDoc } from '../db/models/household';
import type { PersonDoc } from '../db/models/person';
import type { ObservedValues, VisitDoc } from '../db/models/verval';
import { requireAction, subjectInScope } from '../writes/guard';
import { newRecordId, runWrite, type WriteContext } from '../writes/run';
import { badField, requirePastOrToday, requireText } from '../writes/validate';
import { checkObserved, isEmpty, observedKeys } from './observed';

/*
 * Verification visits (docs/domain.md section 9): a pilar visits a person or family in its scope and records the date,
 * the outcome, what it observed (of fields it may read), notes and the discrepancies it verified. Append-only: a visit
 * is one insert, never updated; the discrepancies it verified list it.
 */

export interface RecordVisitInput {
  idempotencyKey: string;
  personId?: string | null;
  householdId?: string | null;
  date: Date;
  outcome: VisitDoc['outcome'];
  observed?: Record<string, unknown> | null;
  notes?: string | null;
  discrepancyIds?: string[] | null;
}

/** Exactly one of a person and a family: the subject of a visit or of a request. */
export function oneSubject(input: { personId?: string | null; householdId?: string | null }): { type: 'PERSON' | 'HOUSEHOLD'; id: string; field: string } {
  if (input.personId && input.householdId) throw badField('input.personId', 'give a person or a family, not both');
  if (input.personId) return { type: 'PERSON', id: input.personId, field: 'input.personId' };
  if (input.householdId) return { type: 'HOUSEHOLD', id: input.householdId, field: 'input.householdId' };
  throw badField('input.personId', 'give the person (personId) or the family (householdId)');
}

/** The subject read through the viewer's row scope (NOT_FOUND outside it), and the person and family it names. */
export async function subjectInViewerScope(
  ctx: WriteContext,
  subject: ReturnType<typeof oneSubject>,
): Promise<{ doc: PersonDoc | HouseholdDoc; personId: string | null; householdId: string | null }> {
  if (subject.type === 'PERSON') {
    const person = await subjectInScope<PersonDoc>(ctx.viewer, 'persons', subject.id, subject.field, ctx.now);
    return { doc: person, personId: person._id, householdId: person.householdId };
  }
  const household = await subjectInScope<HouseholdDoc>(ctx.viewer, 'households', subject.id, subject.field, ctx.now);
  return { doc: household, personId: null, householdId: household._id };
}

/**
 * Whether a record (a discrepancy, a visit) concerns the subject `subjectInViewerScope` answered: the same person, or
 * the same family (a person's family counts for a person).
 */
export function concerns(record: { personId?: string | null; householdId?: string | null }, personId: string | null, householdId: string | null): boolean {
  return (personId !== null && record.personId === personId) || (householdId !== null && record.householdId === householdId);
}

/** An outcome that contradicts the observations is refused, naming what contradicts it. */
function checkOutcome(outcome: VisitDoc['outcome'], subject: 'PERSON' | 'HOUSEHOLD', observed: ObservedValues, date: Date): void {
  const given = observedKeys(observed);
  if ((outcome === 'NOT_FOUND' || outcome === 'MOVED' || outcome === 'REFUSED') && given.length > 0) {
    throw badField(`input.observed.${given[0]}`, `a visit with outcome ${outcome} met no one to observe: give no observed values`);
  }
  if (outcome === 'DECEASED') {
    if (subject !== 'PERSON') throw badField('input.outcome', 'DECEASED is the outcome of a visit to a person, not a family');
    const other = given.find((k) => k !== 'deathDate');
    if (other) throw badField(`input.observed.${other}`, 'a visit with outcome DECEASED observes at most the date of death');
    if (observed.deathDate && observed.deathDate > date) throw badField('input.observed.deathDate', 'is after the visit');
  }
  if (outcome === 'FOUND' && observed.deathDate) throw badField('input.observed.deathDate', 'a person FOUND alive has no date of death (outcome DECEASED)');
}

export function recordVisit(ctx: WriteContext, input: RecordVisitInput): Promise<Record<string, unknown>> {
  const subject = oneSubject(input);
  requirePastOrToday('input.date', input.date, ctx.now);
  const notes = requireText('input.notes', input.notes, 2000);
  const discrepancyIds = [...new Set(input.discrepancyIds ?? [])];
  if (discrepancyIds.length > 20) throw badField('input.discrepancyIds', `lists ${discrepancyIds.length} discrepancies; at most 20`);
  const observed = checkObserved(ctx.viewer, 'input.observed', 'Mutation.recordVisit', input.observed, subject.type, ctx.now);
  checkOutcome(input.outcome, subject.type, observed, input.date);
  return runWrite(ctx, {
    mutation: 'recordVisit',
    input: { ...input },
    subjects: [subject.id, ...discrepancyIds],
    plan: async () => {
      requireAction(ctx.viewer, 'RECORD_VISIT');
      const { doc, personId, householdId } = await subjectInViewerScope(ctx, subject);
      for (const [i, id] of discrepancyIds.entries()) {
        const d = await subjectInScope<DiscrepancyDoc>(ctx.viewer, 'discrepancies', id, `input.discrepancyIds.${i}`, ctx.now);
        if (!concerns(d, personId, householdId))
          throw badField(`input.discrepancyIds.${i}`, `discrepancy ${d._id} is not about the ${subject.type === 'PERSON' ? 'person' : 'family'} visited`);
      }
      const visit: VisitDoc = {
        _id: newRecordId('VS', ctx.now),
        personId,
        householdId: subject.type === 'HOUSEHOLD' ? doc._id : null,
        desaCode: doc.desaCode,
        kecamatanCode: doc.kecamatanCode,
        date: input.date,
        outcome: input.outcome,
        observed,
        notes,
        discrepancyIds,
        recordedBy: ctx.viewer.subject,
        role: ctx.viewer.role,
        recordedAt: ctx.now,
      };
      const ids = { personIds: personId ? [personId] : [], householdIds: householdId ? [householdId] : [] };
      return {
        steps: [
          { kind: 'insert', collection: 'visits', doc: visit as unknown as Record<string, unknown> & { _id: string } },
          ...discrepancyIds.map((id) => ({ kind: 'update' as const, collection: 'discrepancies', id, addToSet: { visitIds: visit._id } })),
        ],
        audit: [{ subjectType: 'visits', subjectId: visit._id, ...ids, old: null, new: { outcome: visit.outcome, date: visit.date, observed, notes, discrepancyIds } }],
        result: { collection: 'visits', id: visit._id },
      };
    },
  });
}

export { isEmpty };
