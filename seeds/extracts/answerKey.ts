import { ageOn } from '../../src/domain/age';
import type { DiscrepancyKind } from '../../src/domain/provenance';
import { DISCREPANCY_KINDS } from '../../src/domain/provenance';
import type { EnrollmentRecord, HouseholdRecord } from '../../src/domain/records';
import type { Regency } from '../regency';
import { nikOf, RegencyIndex, type Plan } from './plan';
import type { DiscrepancyRates } from './rates';

/** One discrepancy the extracts hold, named by what identifies its subject in the sources. */
export interface AnswerEntry {
  kind: DiscrepancyKind;
  subject: 'PERSON' | 'HOUSEHOLD';
  /** PERSON: the NIK the civil registry (else DT-SEN) gives the person. */
  nik?: string;
  /** HOUSEHOLD: the family's current card number. */
  kkNumber?: string;
  /** Field, source or programme, as the hub names it (docs/formats/discrepancies.md). */
  aspect: string | null;
  origin: 'injected' | 'natural';
  note: string;
}

export interface AnswerKey {
  regency: { families: number; seed: string; asOf: string };
  rates: DiscrepancyRates;
  counts: Record<DiscrepancyKind, number>;
  entries: AnswerEntry[];
}

const YEAR_MS = 365.2425 * 86_400_000;

/** The key the hub's discrepancies are compared on. */
export function entryKey(e: Pick<AnswerEntry, 'kind' | 'nik' | 'kkNumber' | 'aspect'>): string {
  return `${e.kind}|${e.nik ?? e.kkNumber}|${e.aspect ?? '-'}`;
}

/**
 * Every discrepancy the extracts contain, from what the generator knows: the
 * injected ones as planned, and those the generated data holds by nature
 * (PKH/BPNT past five years, aid above the desil ceiling, poor families
 * without aid, aid to the deceased), counted on the data as the extracts write
 * it. It shares no code with the importer's rules (src/integration/rules.ts).
 */
export function computeAnswerKey(regency: Regency, plan: Plan, meta: { families: number; seed: string; rates: DiscrepancyRates }): AnswerKey {
  const idx = new RegencyIndex(regency);
  const entries = new Map<string, AnswerEntry>();
  const injectedKeys = new Set<string>();
  const put = (e: AnswerEntry) => {
    if (injectedKeys.has(entryKey(e))) e.origin = 'injected';
    if (!entries.has(entryKey(e))) entries.set(entryKey(e), e);
  };
  const kkOf = (householdId: string) => idx.household.get(householdId)!.kkNumber;
  const nik = (personId: string) => nikOf(plan, idx.person.get(personId)!);

  for (const i of plan.injections) {
    const e: AnswerEntry = i.personId
      ? { kind: i.kind, subject: 'PERSON', nik: nik(i.personId), aspect: i.aspect, origin: 'injected', note: i.note }
      : { kind: i.kind, subject: 'HOUSEHOLD', kkNumber: kkOf(i.householdId!), aspect: i.aspect, origin: 'injected', note: i.note };
    injectedKeys.add(entryKey(e));
    // Household rules are recounted below on the data as written; only what they cannot see is taken from the plan.
    if (e.subject === 'PERSON' || e.kind === 'DOMICILE_MISMATCH') put(e);
  }

  const programmes = new Map(regency.programmes.map((p) => [p._id, p]));
  const effective: EnrollmentRecord[] = [];
  for (const e of regency.enrollments) {
    const o = plan.roster.get(e._id);
    if (o?.removed) continue;
    effective.push({ ...e, status: o?.status ?? e.status, endDate: o?.endDate !== undefined ? o.endDate : e.endDate, startDate: o?.startDate ?? e.startDate });
  }
  const byHousehold = new Map<string, EnrollmentRecord[]>();
  for (const e of effective) byHousehold.set(e.householdId, [...(byHousehold.get(e.householdId) ?? []), e]);
  const asOf = plan.asOf;

  for (const e of effective) {
    if (e.status !== 'ACTIVE') continue;
    const recipient = e.personId ?? plan.pengurus.get(e.householdId)!;
    if (idx.person.get(recipient)!.isDeceased) {
      put({
        kind: 'DECEASED_RECIPIENT',
        subject: 'PERSON',
        nik: nik(recipient),
        aspect: e.programmeCode,
        origin: 'natural',
        note: `ACTIVE ${e.programmeCode} enrolment ${e._id} of a deceased person`,
      });
    }
    if (e.personId !== null) continue;
    const prog = programmes.get(e.programmeCode)!;
    const h = idx.household.get(e.householdId)!;
    if (prog.maxYears !== null && asOf.getTime() - e.startDate.getTime() > prog.maxYears * YEAR_MS) {
      put({
        kind: 'EXCEEDS_MAX_DURATION',
        subject: 'HOUSEHOLD',
        kkNumber: h.kkNumber,
        aspect: e.programmeCode,
        origin: 'natural',
        note: `${e._id} started ${e.startDate.toISOString().slice(0, 10)}`,
      });
    }
    const desil = desilOf(plan, h);
    if (prog.level === 'HOUSEHOLD' && desil !== null && desil > prog.eligibility.desilMax) {
      put({ kind: 'INCLUSION_ERROR', subject: 'HOUSEHOLD', kkNumber: h.kkNumber, aspect: e.programmeCode, origin: 'natural', note: `desil ${desil} in ${e.programmeCode}` });
    }
  }

  for (const h of regency.households) {
    if (desilOf(plan, h) !== 1) continue;
    if ((byHousehold.get(h._id) ?? []).some((e) => e.status === 'ACTIVE')) continue;
    const needy = idx.members.get(h._id)!.some((m) => {
      if (m.isDeceased || plan.movedOut.has(m._id)) return false;
      const age = ageOn(m.birthDate, asOf);
      return age < 15 || age >= 60 || m.disability !== null;
    });
    if (needy)
      put({
        kind: 'EXCLUSION_ERROR',
        subject: 'HOUSEHOLD',
        kkNumber: h.kkNumber,
        aspect: null,
        origin: 'natural',
        note: 'desil 1 with children, elders or a disability and no ACTIVE enrolment',
      });
  }

  const list = [...entries.values()].sort((a, b) => (entryKey(a) < entryKey(b) ? -1 : 1));
  const counts = Object.fromEntries(DISCREPANCY_KINDS.map((k) => [k, list.filter((e) => e.kind === k).length])) as Record<DiscrepancyKind, number>;
  return { regency: { families: meta.families, seed: meta.seed, asOf: asOf.toISOString().slice(0, 10) }, rates: meta.rates, counts, entries: list };
}

function desilOf(plan: Plan, h: HouseholdRecord): number | null {
  return plan.family.get(h._id)?.desil ?? h.desil;
}
