import { randomUUID } from 'node:crypto';
import { createApiKey } from '../../src/auth/apiKeys';
import type { TokenClaims } from '../../src/auth/jwt';
import { Training } from '../../src/db/models/training';
import type { PersonRecord } from '../../src/domain/records';
import { PILAR_ROLES } from '../../src/domain/codes';
import type { Regency } from '../../seeds/regency';
import type { GraphQLReply, TestHub } from '../helpers/hub';
import { scenarioRegency } from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';
import { isYouth, pkhHouseholds } from '../auth/fixture';

/*
 * Shared by the portal-workflow specs: the roles of docs/domain.md section 9 with an area each (development tokens),
 * subjects picked from the generated regency for each role's rows, and the mutations as a portal sends them.
 */

export type RoleName = TokenClaims['role'] | 'PARTNER';

export const ROLES: RoleName[] = ['ADMIN', 'OPERATOR', ...PILAR_ROLES, 'PARTNER'];

export const now = new Date();
const living = (p: PersonRecord) => !p.isDeceased && !p.movedOut && p.householdId !== null;

/**
 * The small regency (300 families) with one kecamatan's families all moved into its first desa, so that one desa holds
 * enough families of every kind for a PSM's cases while the load stays quick (the default regency takes a minute to
 * load on a busy machine).
 */
export function denseRegency(r: Regency): Regency {
  const counts = new Map<string, number>();
  for (const h of r.households) counts.set(h.kecamatanCode, (counts.get(h.kecamatanCode) ?? 0) + 1);
  const kec = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  const desa = r.households
    .filter((h) => h.kecamatanCode === kec)
    .map((h) => h.desaCode)
    .sort()[0]!;
  const move = <T extends { kecamatanCode: string; desaCode: string }>(x: T): T => (x.kecamatanCode === kec ? { ...x, desaCode: desa } : x);
  return { ...r, households: r.households.map(move), persons: r.persons.map(move), enrollments: r.enrollments.map(move), trainings: r.trainings.map(move) };
}

export interface WorkflowSetup {
  readonly hub: TestHub;
  readonly world: World;
  readonly call: Caller;
}

/**
 * The setup of every workflow spec file: a hub on a copy of its own of the dense small regency (the workflow specs
 * write; tests/helpers/useHub.ts), its world, and a caller. Read the fields in tests.
 */
export function useWorkflowHub(): WorkflowSetup {
  const hub = useRegencyHub('small', { reshape: denseRegency, use: 'write' });
  const world = new World(scenarioRegency('small', denseRegency));
  return { hub, world, call: new Caller(hub, world) };
}

/** The areas the specs give each role, and people inside and outside them. */
export class World {
  readonly desa: string;
  readonly kec: string;
  readonly otherKec: string;
  readonly pkh: Set<string>;
  readonly pkhDesa: string;
  readonly youthDesa: string;

  constructor(readonly r: Regency) {
    this.pkh = new Set(r.enrollments.filter((e) => e.programmeCode === 'PKH' && e.status === 'ACTIVE').map((e) => e.householdId));
    const anyPkh = pkhHouseholds(r);
    const families = new Map<string, number>();
    for (const h of r.households) families.set(h.desaCode, (families.get(h.desaCode) ?? 0) + 1);
    // The most populous desa with an ACTIVE PKH family and a family outside PKH (a PKH companion's non-population).
    const desas = [...families].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([code]) => code);
    this.pkhDesa = desas.find((d) => r.households.some((h) => h.desaCode === d && this.pkh.has(h._id)) && r.households.some((h) => h.desaCode === d && !anyPkh.has(h._id)))!;
    this.desa = this.pkhDesa;
    this.kec = this.desa.split('.').slice(0, 3).join('.');
    this.otherKec = r.households.find((h) => h.kecamatanCode !== this.kec)!.kecamatanCode;
    this.youthDesa = desas.find(
      (d) => r.persons.some((p) => living(p) && p.desaCode === d && isYouth(p, now)) && r.persons.some((p) => living(p) && p.desaCode === d && !isYouth(p, now)),
    )!;
  }

  claims(role: RoleName): Partial<TokenClaims> {
    switch (role) {
      case 'PENDAMPING_PKH':
        return { desa: [this.pkhDesa] };
      case 'TKSK':
      case 'FASILITATOR_SLRT':
      case 'TAGANA':
      case 'PELOPOR_PERDAMAIAN':
        return { kecamatan: [this.kec] };
      case 'PSM':
        return { desa: [this.desa] };
      case 'KARANG_TARUNA':
        return { desa: [this.youthDesa] };
      default:
        return {};
    }
  }

  person(where: (p: PersonRecord) => boolean, skip = 0): PersonRecord {
    const found = this.r.persons.filter((p) => living(p) && where(p));
    if (found.length <= skip) throw new Error('the regency has no such person');
    return found[skip]!;
  }

  /** A person in the role's rows, and one outside them (null for roles that see everyone). */
  personInScope(role: RoleName, skip = 0): PersonRecord {
    switch (role) {
      case 'PENDAMPING_PKH':
        return this.person((p) => p.desaCode === this.pkhDesa && this.pkh.has(p.householdId!), skip);
      case 'PENDAMPING_REHSOS':
        return this.person((p) => p.disability !== null, skip);
      case 'KARANG_TARUNA':
        return this.person((p) => p.desaCode === this.youthDesa && isYouth(p, now), skip);
      case 'PSM':
        return this.person((p) => p.desaCode === this.desa, skip);
      case 'ADMIN':
      case 'OPERATOR':
      case 'PARTNER':
        return this.person(() => true, skip);
      default:
        return this.person((p) => p.kecamatanCode === this.kec, skip);
    }
  }

  personOutOfScope(role: RoleName, skip = 0): PersonRecord | null {
    switch (role) {
      case 'PENDAMPING_PKH':
        return this.person((p) => p.desaCode === this.pkhDesa && !pkhHouseholds(this.r).has(p.householdId!), skip);
      case 'PENDAMPING_REHSOS':
        return this.person((p) => p.disability === null, skip);
      case 'KARANG_TARUNA':
        return this.person((p) => p.desaCode === this.youthDesa && !isYouth(p, now), skip);
      case 'PSM':
        return this.person((p) => p.desaCode !== this.desa, skip);
      case 'ADMIN':
      case 'OPERATOR':
      case 'PARTNER':
        return null;
      default:
        return this.person((p) => p.kecamatanCode !== this.kec, skip);
    }
  }
}

export const SUBMIT = `mutation($input: SubmitAidProposalInput!) { submitAidProposal(input: $input) { id status version failedRules { rule reason } justification } }`;
export const STEP = (m: string, input: 'AidProposalStepInput' | 'AidProposalReasonInput') =>
  `mutation($input: ${input}!) { ${m}(input: $input) { id status version steps { action status by role } } }`;
export const REGISTER = `mutation($input: RegisterTrainingParticipantInput!) { registerTrainingParticipant(input: $input) { id status person { id } training { id placesLeft } } }`;
export const PARTICIPATION_STEP = (m: string, input = 'TrainingParticipationStepInput') => `mutation($input: ${input}!) { ${m}(input: $input) { id status outcome } }`;

export const key = () => randomUUID();

/** Posts as a role with its area, or with a partner key. */
export class Caller {
  private partnerToken: string | null = null;
  constructor(
    private readonly hub: TestHub,
    private readonly world: World,
  ) {}

  async as(role: RoleName, query: string, variables?: Record<string, unknown>): Promise<GraphQLReply> {
    if (role === 'PARTNER') {
      this.partnerToken ??= (await createApiKey({ name: 'Bappeda', purpose: 'programme reach', fields: ['Query.persons', 'Person.fullName'], createdBy: 'user:test-admin' })).token;
      return this.hub.post(query, variables, { authorization: `ApiKey ${this.partnerToken}` });
    }
    return this.hub.postAs({ role, sub: `test-${role.toLowerCase()}`, ...this.world.claims(role) }, query, variables);
  }
}

/** The code of the only error of an answer, or OK with the data. */
export function outcome(reply: GraphQLReply): string {
  if (reply.body.errors?.length) return String(reply.body.errors[0].extensions?.code);
  return 'OK';
}

let trainingSerial = 0;

/** A training in the future, held in the desa given, with this quota. */
export async function futureTraining(desaCode: string, quota: number): Promise<string> {
  const id = `T${String(99000 + ++trainingSerial).padStart(5, '0')}`;
  const start = new Date(now.getTime() + 30 * 86_400_000);
  await Training.create({
    _id: id,
    title: 'Pelatihan menjahit',
    organizer: 'Dinas Sosial',
    category: 'VOCATIONAL',
    startDate: start,
    endDate: new Date(start.getTime() + 5 * 86_400_000),
    desaCode,
    kecamatanCode: desaCode.split('.').slice(0, 3).join('.'),
    quota,
  });
  return id;
}
