import type { Observation } from '../db/models/lineage';
import type { DataSource, ProvenanceMap } from '../domain/provenance';
import type { KkHistoryEntry } from '../domain/records';
import { parseKk } from '../identifiers';
import { desaKecamatan } from './fields';
import { isValidNik } from './linkage';
import type { HouseholdWork, PersonWork } from './workingRecords';
import { nameSearchKeys } from '../domain/names';
import { householdVerval } from './verval';

/** nameSearchKeys of recent names (a person is recomputed once per chunk that touches the family). Bounded: emptied when full. */
const nameKeys = new Map<string, readonly string[]>();

/** nameSearchKeys(name), a fresh list each time (records never share one). */
function nameKeysOf(name: string): string[] {
  let keys = nameKeys.get(name);
  if (keys === undefined) {
    if (nameKeys.size >= 50_000) nameKeys.clear();
    nameKeys.set(name, (keys = nameSearchKeys(name)));
  }
  return keys.slice();
}

type Candidates = readonly (readonly [DataSource, Observation | undefined])[];

/** The first source, in precedence order, that states a field; records where the value came from. */
function take<T>(prov: ProvenanceMap, field: string, order: Candidates, key: string = field): T | null {
  for (const [source, o] of order) {
    const v = o?.[key];
    if (v !== undefined && v !== null) {
      prov[field] = source;
      return v as T;
    }
  }
  return null;
}

/**
 * The golden person from its observations, with the precedence of docs/domain.md
 * section 3: Senopati for identity and civil status, DT-SEN for the
 * socio-economic attributes (the civil registry's education and occupation
 * only when DT-SEN has none), rosters for memberships. Desa and aid follow the
 * family and are set by family.ts.
 */
export function recomputePerson(p: PersonWork): void {
  const s = p.sources?.SENOPATI;
  const d = p.sources?.DTSEN;
  const k = p.sources?.ROSTER_KARANG_TARUNA;
  const prov: ProvenanceMap = {};
  // Values verified in the field and approved (src/workflows/dataChanges.ts) rank above DT-SEN for contact and
  // socio-economic attributes (docs/domain.md section 9); identity stays Senopati's.
  const v = p.sources?.VERVAL;
  const identity: Candidates = [
    ['SENOPATI', s],
    ['DTSEN', d],
  ];
  const welfare: Candidates = [
    ['VERVAL', v],
    ['DTSEN', d],
    ['SENOPATI', s],
  ];

  if (s) {
    p.nik = String(s.nik);
    prov.nik = 'SENOPATI';
  } else if (d && isValidNik(String(d.nik), d.asOf)) {
    p.nik = String(d.nik);
    prov.nik = 'DTSEN';
  } else p.nik = null as unknown as string;
  p.fullName = take(prov, 'fullName', identity)!;
  p.nameKeys = nameKeysOf(p.fullName ?? '');
  p.sex = take(prov, 'sex', identity)!;
  p.birthDate = take(prov, 'birthDate', identity)!;
  p.birthPlace = take(prov, 'birthPlace', identity)!;
  p.relationship = take(prov, 'relationship', identity)!;
  p.maritalStatus = take(prov, 'maritalStatus', identity)!;
  p.householdId = take(prov, 'household', identity, 'householdId');
  p.education = take(prov, 'education', welfare)!;
  p.occupation = take(prov, 'occupation', welfare)!;
  // DT-SEN alone surveys disability, pregnancy and the phone; absent there, they are unknown. A field visit's
  // approved value of one of them comes first.
  p.disability = (d?.disability as PersonWork['disability'] | undefined) ?? null;
  p.pregnant = d?.pregnant === true;
  p.phone = (d?.phone as string | null | undefined) ?? null;
  if (d) prov.disability = prov.pregnant = prov.phone = 'DTSEN';
  if (v && v.disability !== undefined) [p.disability, prov.disability] = [v.disability as PersonWork['disability'], 'VERVAL'];
  if (v && v.pregnant !== undefined) [p.pregnant, prov.pregnant] = [v.pregnant === true, 'VERVAL'];
  if (v && v.phone !== undefined) [p.phone, prov.phone] = [v.phone as string, 'VERVAL'];
  p.deathDate = (s?.deathDate as Date | null | undefined) ?? null;
  p.isDeceased = p.deathDate !== null;
  p.movedOut = (s?.movedOut as PersonWork['movedOut']) ?? null;
  if (s) prov.isDeceased = prov.deathDate = prov.movedOut = 'SENOPATI';
  p.karangTaruna = k ? { desaCode: String(k.desaCode), role: k.role as 'ANGGOTA', since: k.since as Date } : null;
  if (k) prov.karangTaruna = 'ROSTER_KARANG_TARUNA';
  if (p.desaCode && p.provenance?.desa) prov.desa = p.provenance.desa;
  p.provenance = prov;
}

function kkIssueDate(kk: string, asOf: Date): Date {
  const parsed = parseKk(kk, { referenceDate: asOf });
  return parsed.ok ? parsed.issueDate : asOf;
}

/**
 * The golden household: Senopati for the card, its history and the address
 * (domicile is civil status), DT-SEN for desil, housing and assets. The head
 * is the member the civil registry (else DT-SEN) calls head.
 */
export function recomputeHousehold(h: HouseholdWork, members: readonly PersonWork[]): void {
  const s = h.sources?.SENOPATI;
  const d = h.sources?.DTSEN;
  if (!s && !d) throw new Error(`household ${h._id} has no observation from any source`);
  const prov: ProvenanceMap = {};
  const civil: Candidates = [
    ['SENOPATI', s],
    ['DTSEN', d],
  ];
  h.kkNumber = take(prov, 'kkNumber', civil)!;
  if (s) {
    h.kkHistory = [...(s.kkHistory as KkHistoryEntry[]), { kkNumber: String(s.kkNumber), from: s.kkIssued as Date, to: null }];
    prov.kkHistory = 'SENOPATI';
  } else {
    h.kkHistory = [{ kkNumber: String(d!.kkNumber), from: kkIssueDate(String(d!.kkNumber), d!.asOf), to: null }];
    prov.kkHistory = 'DTSEN';
  }
  h.desaCode = take(prov, 'desa', civil, 'desaCode')!;
  h.kecamatanCode = desaKecamatan().get(h.desaCode)!;
  // The address within the desa and the housing a field visit verified (approved) come first, while the family lives
  // in the desa they were verified in: after a move they describe the old dwelling (verval.ts).
  const v = householdVerval(h);
  h.address = take(prov, 'address', [['VERVAL', v], ...civil])!;
  h.desil = (d?.desil as number | null | undefined) ?? null;
  h.housing = (d?.housing as HouseholdWork['housing'] | undefined) ?? null;
  h.assets = (d?.assets as HouseholdWork['assets'] | undefined) ?? [];
  if (d) prov.desil = prov.housing = prov.assets = 'DTSEN';
  if (v?.housing) [h.housing, prov.housing] = [v.housing as HouseholdWork['housing'], 'VERVAL'];
  const head = members.find((m) => m.householdId === h._id && m.relationship === 'HEAD');
  const dtsenHead = (d?.headPersonId as string | null | undefined) ?? undefined;
  h.headId = head?._id ?? dtsenHead ?? members[0]?._id ?? h.headId;
  if (head?.provenance?.relationship) prov.head = head.provenance.relationship;
  else if (dtsenHead) prov.head = 'DTSEN';
  h.memberCount = h.memberIds?.length ?? 0;
  prov.members = s ? 'SENOPATI' : 'DTSEN';
  h.provenance = prov;
}
