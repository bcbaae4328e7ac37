import { ageOn } from '../domain/age';
import { receivesAid } from '../domain/aid';
import type { ConflictValue, DataSource, DiscrepancyKind, SourceStamp } from '../domain/provenance';
import { byId, type ProgrammeCode } from '../domain/records';
import type { DiscrepancyDoc } from '../db/models/discrepancy';
import type { Observation, RecordSource } from '../db/models/lineage';
import type { ProgrammeDoc } from '../db/models/programme';
import { nikAttributeMismatch, nikEncodedText } from '../identifiers';
import { exceedsMaxDuration, yearsReceived } from '../policy/programmes';
import { isoDate } from './fields';
import { isValidNik, normalName, sameDate } from './linkage';
import { vervalContradictions } from './verval';
import type { EnrollmentWork, HouseholdWork, PersonWork } from './workingRecords';

/** A family as the rules see it: the household, its members and every enrolment of either. */
export interface Family {
  household: HouseholdWork;
  members: PersonWork[];
  enrollments: EnrollmentWork[];
  programmes: ReadonlyMap<ProgrammeCode, ProgrammeDoc>;
  /** The latest data date of the family's sources: ages and durations are counted to it, never to "today". */
  refDate: Date;
}

/** A discrepancy the current data shows (discrepancies.ts opens, updates or closes the stored ones to match). */
export type Finding = Pick<DiscrepancyDoc, 'key' | 'kind' | 'subjectType' | 'personId' | 'householdId' | 'relatedPersonIds' | 'aspect' | 'values'>;

const val = (source: DataSource, value: unknown, stamp?: Pick<SourceStamp, 'asOf' | 'runId'> | null): ConflictValue => ({
  source,
  value: value instanceof Date ? isoDate(value) : value === null || value === undefined || value === '' ? '(none)' : String(value),
  asOf: stamp?.asOf ?? null,
  runId: stamp?.runId ?? null,
});

function finding(kind: DiscrepancyKind, subject: PersonWork | HouseholdWork, aspect: string | null, values: ConflictValue[], related: string[] = []): Finding {
  const person = subject._id.startsWith('P');
  return {
    key: `${kind}:${subject._id}:${aspect ?? '-'}`,
    kind,
    subjectType: person ? 'PERSON' : 'HOUSEHOLD',
    personId: person ? subject._id : null,
    householdId: person ? ((subject as PersonWork).householdId ?? null) : subject._id,
    relatedPersonIds: related,
    aspect,
    values,
  };
}

/** What a source other than the civil registry says about who a person is. */
interface Claim {
  source: DataSource;
  nik: string;
  fullName: string | null;
  sex: string | null;
  birthDate: Date | null;
  nikOwnerId: string | null;
  stamp: SourceStamp;
}

const isRecipient = (e: EnrollmentWork, p: PersonWork) => e.personId === p._id || (e.personId === null && e.recipientId === p._id);

function claimsOf(p: PersonWork, fam: Family): Claim[] {
  const out: Claim[] = [];
  const d = p.sources?.DTSEN;
  if (d)
    out.push({
      source: 'DTSEN',
      nik: String(d.nik),
      fullName: String(d.fullName),
      sex: String(d.sex),
      birthDate: d.birthDate as Date,
      nikOwnerId: (d.nikOwnerId as string | null) ?? null,
      stamp: d,
    });
  const seen = new Set<string>();
  for (const e of fam.enrollments) {
    const r = e.source as RecordSource | undefined;
    if (!r || !isRecipient(e, p) || seen.has(r.source)) continue;
    seen.add(r.source);
    out.push({ source: r.source, nik: r.nik ?? '', fullName: r.fullName ?? null, sex: null, birthDate: r.birthDate ?? null, nikOwnerId: r.nikOwnerId ?? null, stamp: r });
  }
  return out;
}

const IDENTITY_FIELDS = [
  ['fullName', (a: unknown, b: unknown) => normalName(String(a)) === normalName(String(b))],
  ['sex', (a: unknown, b: unknown) => a === b],
  ['birthDate', (a: unknown, b: unknown) => sameDate(a as Date, b as Date)],
] as const;

/** docs/domain.md section 4, the rules about one person. */
export function personFindings(p: PersonWork, fam: Family): Finding[] {
  const out: Finding[] = [];
  const s = p.sources?.SENOPATI;
  const prov = p.provenance ?? {};
  const nikSource = prov.nik ?? 'HUB';
  const claims = claimsOf(p, fam);
  const stampOf = (src: DataSource | undefined): Observation | undefined => (src ? p.sources?.[src] : undefined);

  for (const c of claims) {
    if (!isValidNik(c.nik, c.stamp.asOf)) {
      out.push(finding('INVALID_NIK', p, c.source, [val(c.source, c.nik, c.stamp), val(nikSource, p.nik, stampOf(prov.nik))]));
    } else if (c.nikOwnerId && c.nikOwnerId !== p._id) {
      // The NIK the source gives is the other person's: it is read only by viewers who see that person.
      const theirs = { ...val(c.source, c.nik, c.stamp), personId: c.nikOwnerId };
      out.push(finding('DUPLICATE_NIK', p, c.source, [theirs, val(nikSource, p.nik, stampOf(prov.nik))], [c.nikOwnerId]));
    } else if (p.nik && c.nik !== p.nik) {
      out.push(finding('IDENTITY_MISMATCH', p, 'nik', [val(nikSource, p.nik, stampOf(prov.nik)), val(c.source, c.nik, c.stamp)]));
    }
  }
  if (p.nik) {
    for (const attr of nikAttributeMismatch(p.nik, { birthDate: p.birthDate, sex: p.sex })) {
      const encoded = nikEncodedText(p.nik, attr);
      out.push(
        finding('NIK_ATTRIBUTE_MISMATCH', p, attr, [
          // Viewers who read the NIK masked must not read the digits it encodes either.
          {
            ...val(nikSource, `NIK ${p.nik} encodes ${attr} ${encoded}`, stampOf(prov.nik)),
            maskedValue: `NIK ${p.nik} encodes another ${attr === 'sex' ? 'sex' : 'birth date'} than recorded`,
          },
          val(prov[attr] ?? 'HUB', p[attr], stampOf(prov[attr])),
        ]),
      );
    }
  }
  if (!s && claims.length > 0) {
    out.push(finding('NOT_IN_CIVIL_REGISTRY', p, null, [val(claims[0]!.source, claims[0]!.nik, claims[0]!.stamp), val('SENOPATI', 'no record of this person')]));
  }
  if (s) {
    for (const [field, same] of IDENTITY_FIELDS) {
      const differing = claims.filter((c) => c[field] !== null && !same(c[field], s[field]));
      if (differing.length > 0) out.push(finding('IDENTITY_MISMATCH', p, field, [val('SENOPATI', s[field], s), ...differing.map((c) => val(c.source, c[field], c.stamp))]));
    }
  }
  const d = p.sources?.DTSEN;
  if (s?.movedOut && d) {
    const move = s.movedOut as { date: Date; destinationCode: string };
    out.push(
      finding('DOMICILE_MISMATCH', p, 'movedOut', [
        val('SENOPATI', `moved out of Kabupaten Madiun to ${move.destinationCode} on ${isoDate(move.date)}`, s),
        val('DTSEN', `listed in family card ${String(d.kkNumber)}`, d),
      ]),
    );
  }
  if (s && d && s.householdId !== d.householdId) {
    out.push(finding('FAMILY_MISMATCH', p, null, [val('SENOPATI', `family card ${String(s.kkNumber)}`, s), val('DTSEN', `family card ${String(d.kkNumber)}`, d)]));
  }
  if (p.isDeceased) {
    const active = new Map<ProgrammeCode, EnrollmentWork>();
    for (const e of fam.enrollments) if (e.status === 'ACTIVE' && isRecipient(e, p) && !active.has(e.programmeCode)) active.set(e.programmeCode, e);
    for (const [code, e] of [...active].sort()) {
      out.push(
        finding('DECEASED_RECIPIENT', p, code, [
          val('SENOPATI', `deceased on ${isoDate(p.deathDate!)}`, s),
          val(e.source?.source ?? 'HUB', `ACTIVE ${code} enrolment since ${isoDate(e.startDate)}`, e.source),
        ]),
      );
    }
  }
  for (const [aspect, values] of vervalContradictions('PERSON', p, val)) out.push(finding('VERVAL_CONTRADICTED', p, aspect, values));
  return out;
}

/** docs/domain.md section 4, the rules about one family. */
export function householdFindings(fam: Family): Finding[] {
  const h = fam.household;
  const out: Finding[] = [];
  const s = h.sources?.SENOPATI;
  const d = h.sources?.DTSEN;
  if (s && d && s.desaCode !== d.desaCode) {
    out.push(finding('DOMICILE_MISMATCH', h, 'desa', [val('SENOPATI', `desa ${String(s.desaCode)}`, s), val('DTSEN', `desa ${String(d.desaCode)}`, d)]));
  }
  const own = fam.enrollments.filter((e) => e.personId === null && e.householdId === h._id && e.status === 'ACTIVE').sort(byId);
  const flagged = new Set<string>();
  for (const e of own) {
    const programme = fam.programmes.get(e.programmeCode);
    if (!programme) continue;
    const roster = val(e.source?.source ?? 'HUB', `ACTIVE ${e.programmeCode} enrolment since ${isoDate(e.startDate)}`, e.source);
    if (exceedsMaxDuration(e, programme, fam.refDate) && !flagged.has(`X${e.programmeCode}`)) {
      flagged.add(`X${e.programmeCode}`);
      out.push(
        finding('EXCEEDS_MAX_DURATION', h, e.programmeCode, [
          roster,
          val('HUB', `${yearsReceived(e, fam.refDate)} years by ${isoDate(fam.refDate)}; at most ${programme.maxYears}`),
        ]),
      );
    }
    if (programme.level === 'HOUSEHOLD' && h.desil !== null && h.desil > programme.eligibility.desilMax && !flagged.has(`I${e.programmeCode}`)) {
      flagged.add(`I${e.programmeCode}`);
      out.push(
        finding('INCLUSION_ERROR', h, e.programmeCode, [
          val('DTSEN', `desil ${h.desil}`, d),
          roster,
          val('HUB', `${e.programmeCode} is for desil ${programme.eligibility.desilMin}-${programme.eligibility.desilMax}`),
        ]),
      );
    }
  }
  if (h.desil === 1 && !receivesAid(h.aid ?? [])) {
    let children = 0;
    let elders = 0;
    let disabled = 0;
    for (const m of fam.members) {
      if (m.householdId !== h._id || m.isDeceased || m.movedOut) continue;
      const age = ageOn(m.birthDate, fam.refDate);
      if (age < 15) children++;
      if (age >= 60) elders++;
      if (m.disability) disabled++;
    }
    if (children + elders + disabled > 0) {
      out.push(
        finding('EXCLUSION_ERROR', h, null, [
          val('DTSEN', 'desil 1', d),
          val(s ? 'SENOPATI' : 'DTSEN', `${children} children under 15, ${elders} elders 60 or older, ${disabled} with a disability`, s ?? d),
          val('HUB', 'no ACTIVE enrolment in any programme'),
        ]),
      );
    }
  }
  for (const [aspect, values] of vervalContradictions('HOUSEHOLD', h, val)) out.push(finding('VERVAL_CONTRADICTED', h, aspect, values));
  return out;
}
