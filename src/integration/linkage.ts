import type { Observation } from '../db/models/lineage';
import { parseNik } from '../identifiers';
import type { Chunk } from './chunk';
import type { PersonWork } from './workingRecords';

/** Namespaced `_id`s of the link keys (src/db/models/linkKey.ts). */
export const linkKey = {
  nik: (nik: string) => `N:${nik}`,
  kk: (kk: string) => `K:${kk}`,
  dtsenMember: (id: string) => `DA:${id}`,
  dtsenFamily: (id: string) => `DK:${id}`,
  enrolment: (programme: string, id: string) => `R:${programme}:${id}`,
  training: (id: string) => `T:${id}`,
  participation: (training: string, nik: string) => `TP:${training}:${nik}`,
  pilar: (id: string) => `PL:${id}`,
};

/**
 * Verdicts of recent (data date, NIK) pairs: linkage, golden values and the rules ask the same
 * NIK of the same row's date several times per chunk. Bounded: emptied when full.
 */
const nikVerdicts = new Map<number, Map<string, boolean>>();
let nikVerdictCount = 0;

export function isValidNik(nik: string, asOf: Date): boolean {
  // Not a date (never so in the importer): asked of parseNik every time, as before.
  if (typeof (asOf as Date | undefined)?.getTime !== 'function') return parseNik(nik, { referenceDate: asOf }).ok;
  const t = asOf.getTime();
  let byNik = nikVerdicts.get(t);
  const known = byNik?.get(nik);
  if (known !== undefined) return known;
  const ok = parseNik(nik, { referenceDate: asOf }).ok;
  // Only what parseNik reads: a NIK text and a valid date (an invalid one is never cached).
  if (typeof nik === 'string' && !Number.isNaN(t)) {
    if (nikVerdictCount >= 100_000) {
      nikVerdicts.clear();
      nikVerdictCount = 0;
      byNik = undefined;
    }
    if (!byNik) nikVerdicts.set(t, (byNik = new Map()));
    byNik.set(nik, ok);
    nikVerdictCount++;
  }
  return ok;
}

const ASCII = /^[ -~]*$/;

/** Upper case letters only: "Siti  Aminah" and "SITI AMINAH" are the same name, "Siti Aminan" is not. */
export function normalName(name: string): string {
  // NFKD leaves printable ASCII as it is, and it has no combining marks to drop.
  const decomposed = ASCII.test(name) ? name : name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return decomposed
    .toUpperCase()
    .replace(/[^A-Z]+/g, ' ')
    .trim();
}

export const sameDate = (a: Date | null | undefined, b: Date | null | undefined): boolean => !!a && !!b && a.getTime() === b.getTime();

/** Name and birth date of a person as the hub knows them now (golden, else what a source said). */
export function identityOf(p: PersonWork): { fullName: string; birthDate: Date | null } {
  if (p.fullName) return { fullName: p.fullName, birthDate: p.birthDate ?? null };
  const o = (p.sources?.SENOPATI ?? p.sources?.DTSEN) as Observation | undefined;
  return { fullName: String(o?.fullName ?? ''), birthDate: (o?.birthDate as Date | undefined) ?? null };
}

/** What a source row says about who it is about. */
export interface IdentityClaim {
  nik: string;
  fullName: string;
  birthDate: Date | null;
  asOf: Date;
}

/**
 * Whether a record found by NIK is the person a row describes. One differing
 * attribute is a typo (IDENTITY_MISMATCH); a different name and a different
 * birth date mean the NIK is on someone else (DUPLICATE_NIK).
 */
export function samePerson(p: PersonWork, claim: IdentityClaim): boolean {
  const known = identityOf(p);
  return normalName(known.fullName) === normalName(claim.fullName) || (claim.birthDate !== null && sameDate(known.birthDate, claim.birthDate));
}

/** A member of the family with the claimed name and birth date: how a row with a wrong NIK still finds its person. */
export function memberMatching(chunk: Chunk, householdId: string | undefined, claim: IdentityClaim): PersonWork | undefined {
  const h = chunk.households.get(householdId);
  for (const id of h?.memberIds ?? []) {
    const m = chunk.persons.get(id);
    if (!m) continue;
    const known = identityOf(m);
    if (normalName(known.fullName) === normalName(claim.fullName) && (claim.birthDate === null || sameDate(known.birthDate, claim.birthDate))) return m;
  }
  return undefined;
}

export interface PersonLink {
  personId: string | undefined;
  /** The person the claimed NIK belongs to, when that is not the person the row is about. */
  nikOwnerId: string | null;
}

/**
 * Finds the golden person a row is about: by the NIK when the record holding
 * it matches the row, otherwise by name and birth date within the row's
 * family (a row whose NIK is invalid or belongs to someone else).
 */
export function linkPerson(chunk: Chunk, claim: IdentityClaim, householdId: string | undefined): PersonLink {
  const owner = isValidNik(claim.nik, claim.asOf) ? chunk.link(linkKey.nik(claim.nik)) : undefined;
  const byNik = chunk.persons.get(owner);
  if (byNik && samePerson(byNik, claim)) return { personId: byNik._id, nikOwnerId: null };
  const member = memberMatching(chunk, householdId, claim);
  return { personId: member?._id, nikOwnerId: owner && owner !== member?._id ? owner : null };
}

/** Whether a row's family members must be read to link it (its NIK alone cannot). */
export function needsFamily(chunk: Chunk, claim: IdentityClaim): boolean {
  const owner = isValidNik(claim.nik, claim.asOf) ? chunk.link(linkKey.nik(claim.nik)) : undefined;
  const byNik = chunk.persons.get(owner);
  return !byNik || !samePerson(byNik, claim);
}

const ID_COLLECTION: [RegExp, keyof Pick<Chunk, 'persons' | 'households' | 'enrollments' | 'trainings' | 'participations' | 'pilar'>][] = [
  [/^TP\d/, 'participations'],
  [/^PL\d/, 'pilar'],
  [/^P\d/, 'persons'],
  [/^H\d/, 'households'],
  [/^E\d/, 'enrollments'],
  [/^T\d/, 'trainings'],
];

/** Reads the link keys, then every record they point at, one batch per collection. */
export async function loadLinked(chunk: Chunk, keys: Iterable<string>): Promise<void> {
  const all = [...keys];
  await chunk.keys.load(all);
  const ids = new Map<string, string[]>();
  for (const k of all) {
    const id = chunk.link(k);
    if (!id) continue;
    const coll = ID_COLLECTION.find(([re]) => re.test(id))?.[1];
    if (!coll) continue;
    // Appended in place: copying the list per key made a chunk's linking quadratic in its size.
    const list = ids.get(coll);
    if (list) list.push(id);
    else ids.set(coll, [id]);
  }
  await Promise.all([...ids].map(([coll, list]) => chunk[coll as 'persons'].load(list)));
}

/** Reads the members of these households that are not in memory yet. */
export async function loadMembers(chunk: Chunk, householdIds: Iterable<string | undefined>): Promise<void> {
  const ids: string[] = [];
  for (const h of householdIds) ids.push(...(chunk.households.get(h)?.memberIds ?? []));
  await chunk.persons.load(ids);
}
