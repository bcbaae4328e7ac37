import { hash as digest } from 'node:crypto';
import type { DiscrepancyDoc } from '../db/models/discrepancy';
import type { DiscrepancyKind, OpenDiscrepancyRef } from '../domain/provenance';
import type { Chunk } from './chunk';
import type { Finding } from './rules';
import { addId } from './source';
import { canonical } from './changeTracking';
import type { HouseholdWork, PersonWork } from './workingRecords';

/** A golden record and what the rules find about it now. */
export interface Evaluated {
  owner: PersonWork | HouseholdWork;
  findings: Finding[];
}

/** Why a discrepancy closed itself: the conflict it named is gone. */
const CLOSED_BECAUSE: Record<DiscrepancyKind, (aspect: string | null) => string> = {
  INVALID_NIK: (a) => `${a} no longer gives an invalid NIK for this person`,
  NIK_ATTRIBUTE_MISMATCH: (a) => `the NIK now agrees with the recorded ${a}`,
  DUPLICATE_NIK: (a) => `${a} no longer gives this person another person's NIK`,
  NOT_IN_CIVIL_REGISTRY: () => 'Senopati now has a record of this person',
  IDENTITY_MISMATCH: (a) => `the sources now agree on ${a}`,
  DOMICILE_MISMATCH: (a) => (a === 'desa' ? 'DT-SEN and Senopati now agree on the desa' : 'the move out no longer conflicts with DT-SEN'),
  FAMILY_MISMATCH: () => 'DT-SEN and Senopati now put the person in the same family',
  DECEASED_RECIPIENT: (a) => `no ACTIVE ${a} enrolment of a deceased person remains`,
  EXCEEDS_MAX_DURATION: (a) => `no ACTIVE ${a} enrolment exceeds the programme's maximum any more`,
  INCLUSION_ERROR: (a) => `the family is no longer ranked above the ${a} desil ceiling while enrolled`,
  EXCLUSION_ERROR: () => 'the family now receives aid, or is no longer a desil 1 family with children, elders or a disability',
  VERVAL_CONTRADICTED: (a) => `the later sources agree again with the ${a} verified in the field, or no longer state it`,
};

/** What the row scope tests of a discrepancy's subject (src/auth/scope.ts), copied onto every discrepancy about it. */
type SubjectScope = Pick<DiscrepancyDoc, 'desaCode' | 'kecamatanCode' | 'subjectAid' | 'subjectBirthDate' | 'subjectHasDisability'>;

export function subjectScopeOf(owner: PersonWork | HouseholdWork): SubjectScope {
  const person = owner._id.startsWith('P') ? (owner as PersonWork) : null;
  return {
    desaCode: owner.desaCode,
    kecamatanCode: owner.kecamatanCode,
    subjectAid: [...(owner.aid ?? [])],
    subjectBirthDate: person?.birthDate ?? null,
    subjectHasDisability: person ? person.disability != null : false,
  };
}

/**
 * canonical(scope) without its sort: subjectScopeOf builds the keys in sorted order, of strings, a
 * list of strings, a date and a boolean, so JSON.stringify gives the same text (and the same stored
 * hash: tests/integration/canonical.test.ts) at a fraction of the cost, for every owner of every chunk.
 */
export const scopeText = (scope: SubjectScope): string => JSON.stringify(scope);
// One-shot crypto.hash: the same digest as createHash('sha1').update(text).digest('base64url'), without a Hash object per text.
const scopeHashOf = (scope: SubjectScope): string => digest('sha1', scopeText(scope), 'base64url');

/** What the portals' workflows keep on a discrepancy; a reopened one keeps its visits, loses its taker. */
function portalWorkOf(d: DiscrepancyDoc, reopened: boolean): Partial<DiscrepancyDoc> {
  const out: Partial<DiscrepancyDoc> = {};
  if (d.version !== undefined || reopened) out.version = (d.version ?? 0) + (reopened ? 1 : 0);
  if (d.visitIds !== undefined) out.visitIds = d.visitIds;
  if (!reopened && d.takenBy !== undefined) {
    out.takenBy = d.takenBy;
    out.takenAt = d.takenAt ?? null;
  }
  return out;
}

/** Whether the discrepancy is about this record (not one where the record is only a related person). */
function isAbout(d: DiscrepancyDoc, owner: PersonWork | HouseholdWork): boolean {
  return owner._id.startsWith('P') ? d.subjectType === 'PERSON' && d.personId === owner._id : d.subjectType === 'HOUSEHOLD' && d.householdId === owner._id;
}

function hashOf(f: Finding, owner: PersonWork | HouseholdWork): string {
  const state = { values: f.values, related: f.relatedPersonIds, person: f.personId, household: f.householdId, desa: owner.desaCode };
  return digest('sha1', canonical(state), 'base64url');
}

/**
 * Makes the stored discrepancies match the findings: a finding without an
 * open discrepancy opens one, an open one whose finding is gone closes with
 * the reason, one whose values changed is updated in place. Owners are taken
 * in id order and findings in key order, so ids are handed out the same way
 * every time the same data is imported.
 */
export async function reconcile(chunk: Chunk, evaluated: Evaluated[]): Promise<void> {
  const ordered = [...evaluated].sort((a, b) => (a.owner._id < b.owner._id ? -1 : 1));
  const toRead = new Set<string>();
  const related = new Set<string>();
  // Each finding's hash and each owner's scope hash, computed once for both passes (nothing between them changes what they hash).
  const hashes = new Map<Finding, string>();
  const hashOfFinding = (f: Finding, owner: PersonWork | HouseholdWork): string => {
    let h = hashes.get(f);
    if (h === undefined) hashes.set(f, (h = hashOf(f, owner)));
    return h;
  };
  const scopes = new Map<PersonWork | HouseholdWork, { scope: SubjectScope; hash?: string }>();
  const scopeOf = (owner: PersonWork | HouseholdWork) => {
    let s = scopes.get(owner);
    if (!s) scopes.set(owner, (s = { scope: subjectScopeOf(owner) }));
    return s;
  };
  const scopeHash = (owner: PersonWork | HouseholdWork): string => {
    const s = scopeOf(owner);
    return (s.hash ??= scopeHashOf(s.scope));
  };
  for (const { owner, findings } of ordered) {
    if (owner.openDiscrepancies?.length) {
      const wanted = new Map(findings.map((f) => [f.key, f]));
      for (const ref of owner.openDiscrepancies) {
        const f = wanted.get(ref.key);
        if (!f || hashOfFinding(f, owner) !== ref.hash) toRead.add(ref.id);
      }
    }
    for (const f of findings) for (const r of f.relatedPersonIds) related.add(r);
    // When what the row scope tests changed (aid, birth date, disability, area), every discrepancy about
    // the record follows, the closed ones too: a row stays visible to exactly the viewers who see its subject.
    if (owner.discrepancyIds?.length && owner.discrepancyScope !== scopeHash(owner)) for (const id of owner.discrepancyIds) toRead.add(id);
  }
  await Promise.all([chunk.discrepancies.load(toRead), chunk.persons.load(related)]);

  const { runId, startedAt } = chunk.run;
  for (const { owner, findings } of ordered) {
    const { scope } = scopeOf(owner);
    const open = new Map((owner.openDiscrepancies ?? []).map((r) => [r.key, r]));
    const next: OpenDiscrepancyRef[] = [];
    for (const f of [...findings].sort((a, b) => (a.key < b.key ? -1 : 1))) {
      const hash = hashOfFinding(f, owner);
      const ref = open.get(f.key);
      open.delete(f.key);
      if (ref && ref.hash === hash) {
        next.push(ref);
        continue;
      }
      const existing = ref ? chunk.discrepancies.get(ref.id) : undefined;
      // The portals' work carries over (src/workflows/discrepancies.ts); one a pilar dismissed or resolved, whose
      // conflicting values changed since, is a conflict again: it reopens, and its version moves on.
      const settled = existing?.status === 'DISMISSED' || existing?.status === 'RESOLVED';
      const doc: DiscrepancyDoc = {
        ...(existing ? portalWorkOf(existing, settled) : {}),
        _id: existing?._id ?? chunk.ids.next('DQ'),
        key: f.key,
        kind: f.kind,
        subjectType: f.subjectType,
        personId: f.personId,
        householdId: f.householdId,
        relatedPersonIds: f.relatedPersonIds,
        aspect: f.aspect,
        values: f.values,
        ...scope,
        status: existing && !settled ? existing.status : 'OPEN',
        openedAt: existing?.openedAt ?? startedAt,
        openedRunId: existing?.openedRunId ?? runId,
        updatedRunId: runId,
        closedAt: null,
        resolution: null,
      };
      chunk.discrepancies.put(doc);
      next.push({ key: f.key, id: doc._id, hash });
      owner.discrepancyIds = addId(owner.discrepancyIds, doc._id);
      for (const r of f.relatedPersonIds) {
        const other = chunk.persons.get(r);
        if (other) other.discrepancyIds = addId(other.discrepancyIds, doc._id);
      }
    }
    for (const gone of open.values()) {
      const d = chunk.discrepancies.get(gone.id);
      // A discrepancy someone already settled by hand keeps their resolution.
      if (!d || d.status === 'RESOLVED' || d.status === 'DISMISSED') continue;
      d.status = 'RESOLVED';
      d.closedAt = startedAt;
      d.updatedRunId = runId;
      d.resolution = { reason: CLOSED_BECAUSE[d.kind](d.aspect), by: 'IMPORT', runId, at: startedAt };
    }
    owner.openDiscrepancies = next;
    if (owner.discrepancyIds?.length) {
      const hash = scopeHash(owner);
      if (owner.discrepancyScope !== hash) {
        for (const id of owner.discrepancyIds) {
          const d = chunk.discrepancies.get(id);
          if (d && isAbout(d, owner)) Object.assign(d, scope);
        }
        owner.discrepancyScope = hash;
      }
    }
  }
}
