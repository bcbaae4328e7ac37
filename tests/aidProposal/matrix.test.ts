import type { PersonRecord, ProgrammeCode } from '../../src/domain/records';
import { key, outcome, ROLES, STEP, SUBMIT, type RoleName, useWorkflowHub } from './fixture';

/*
 * docs/domain.md section 9, the aid proposal rows of the write matrix, written out again here (not read from
 * src/auth/writeMatrix.ts) so that a flipped cell fails: for every role and a partner key, each action is allowed on a
 * subject in the role's rows, NOT_FOUND on one outside them, and FORBIDDEN where the matrix says no.
 */
const TABLE: Record<RoleName, { submit: string; verify: string; decide: string }> = {
  ADMIN: { submit: '✓', verify: '✓', decide: '✓' },
  OPERATOR: { submit: '✓', verify: '✓', decide: '✓' },
  PENDAMPING_PKH: { submit: 'P (PKH)', verify: '-', decide: '-' },
  TKSK: { submit: '✓', verify: '✓', decide: '-' },
  FASILITATOR_SLRT: { submit: '✓', verify: '-', decide: '-' },
  PENDAMPING_REHSOS: { submit: 'P (ATENSI)', verify: '-', decide: '-' },
  TAGANA: { submit: '-', verify: '-', decide: '-' },
  PELOPOR_PERDAMAIAN: { submit: '-', verify: '-', decide: '-' },
  PSM: { submit: '✓', verify: '-', decide: '-' },
  KARANG_TARUNA: { submit: '-', verify: '-', decide: '-' },
  PARTNER: { submit: '-', verify: '-', decide: '-' },
};

const w = useWorkflowHub();

/** Not ACTIVE or SUSPENDED in the programme (a second enrolment is refused whatever the justification). */
const notIn = (programme: ProgrammeCode) => (p: PersonRecord) =>
  !w.world.r.enrollments.some((e) => e.programmeCode === programme && e.personId === p._id && (e.status === 'ACTIVE' || e.status === 'SUSPENDED'));

/** The first person in (or outside) the role's rows not enrolled in the programme, from the `skip`th on. */
function pick(role: RoleName, inside: boolean, programme: ProgrammeCode, skip = 0): PersonRecord | null {
  for (let n = skip; ; n++) {
    const p = inside ? w.world.personInScope(role, n) : w.world.personOutOfScope(role, n);
    if (!p) return null;
    if (notIn(programme)(p)) return p;
  }
}

/** What each role proposes: its programme, and a subject in its rows or outside them. */
function proposal(role: RoleName, inScope: boolean): Record<string, unknown> | null {
  const base = { idempotencyKey: key(), justification: 'diuji di lapangan' };
  if (role === 'PENDAMPING_PKH') {
    const p = inScope ? w.world.personInScope(role) : w.world.personOutOfScope(role)!;
    return { ...base, kind: inScope ? 'GRADUATE' : 'ENROL', programme: 'PKH', householdId: p.householdId };
  }
  const programme: ProgrammeCode = role === 'PENDAMPING_REHSOS' ? 'ATENSI' : 'PBI_JK';
  const p = pick(role, inScope, programme);
  return p ? { ...base, kind: 'ENROL', programme, personId: p._id } : null;
}

/** A SUBMITTED proposal (by an ADMIN) about someone in the role's rows, or outside them; VERIFIED too when asked. */
async function existing(role: RoleName, inScope: boolean, verified = false): Promise<{ id: string; version: number } | null> {
  const scoped: RoleName = role === 'PENDAMPING_PKH' || role === 'PENDAMPING_REHSOS' || role === 'PARTNER' ? 'ADMIN' : role;
  const p = pick(scoped, inScope, 'PBI_JK', 1);
  if (!p) return null;
  const sub = await w.call.as('ADMIN', SUBMIT, { input: { idempotencyKey: key(), kind: 'ENROL', programme: 'PBI_JK', personId: p._id, justification: 'diuji' } });
  const id = sub.body.data?.submitAidProposal?.id;
  if (!id) throw new Error(`could not submit: ${JSON.stringify(sub.body.errors)}`);
  if (!verified) return { id, version: 1 };
  const v = await w.call.as('ADMIN', STEP('verifyAidProposal', 'AidProposalStepInput'), { input: { idempotencyKey: key(), proposalId: id, expectedVersion: 1 } });
  expect(v.body.data.verifyAidProposal.status).toBe('VERIFIED');
  return { id, version: 2 };
}

const expected = (cell: string, inScope: boolean) => (cell === '-' ? 'FORBIDDEN' : inScope ? 'OK' : 'NOT_FOUND');

describe.each(ROLES.map((r) => [r] as const))('a %s', (role) => {
  test(`submits an aid proposal as the matrix says (${TABLE[role].submit}): in its rows, outside them`, async () => {
    const inside = await w.call.as(role, SUBMIT, { input: proposal(role, true) });
    expect([outcome(inside), inside.body.errors?.[0]?.message]).toEqual([expected(TABLE[role].submit, true), inside.body.errors?.[0]?.message]);
    if (outcome(inside) === 'OK') expect(inside.body.data.submitAidProposal).toMatchObject({ status: 'SUBMITTED', version: 1 });
    const input = proposal(role, false);
    if (input) expect(outcome(await w.call.as(role, SUBMIT, { input }))).toBe(expected(TABLE[role].submit, false));
  });

  if (role === 'PENDAMPING_PKH' || role === 'PENDAMPING_REHSOS') {
    test('proposes for its own programme only: another one is FORBIDDEN', async () => {
      const input = { ...proposal(role, true)!, programme: role === 'PENDAMPING_PKH' ? 'BPNT' : 'PBI_JK' };
      const reply = await w.call.as(role, SUBMIT, { input });
      expect(reply.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.programme' });
    });
  }

  test.each([
    ['verifyAidProposal', 'AidProposalStepInput', 'VERIFIED', 'verify', false],
    ['returnAidProposal', 'AidProposalReasonInput', 'RETURNED', 'verify', false],
    ['approveAidProposal', 'AidProposalStepInput', 'APPROVED', 'decide', true],
    ['rejectAidProposal', 'AidProposalReasonInput', 'REJECTED', 'decide', true],
  ] as const)('%s as the matrix says', async (mutation, input, status, column, verified) => {
    const cell = TABLE[role][column];
    const step = async (p: { id: string; version: number }) =>
      w.call.as(role, STEP(mutation, input), {
        input: { idempotencyKey: key(), proposalId: p.id, expectedVersion: p.version, ...(input === 'AidProposalReasonInput' ? { reason: 'data belum lengkap' } : {}) },
      });
    const inside = await step((await existing(role, true, verified))!);
    expect(outcome(inside)).toBe(expected(cell, true));
    if (outcome(inside) === 'OK') expect(inside.body.data[mutation].status).toBe(status);
    const out = await existing(role, false, verified);
    if (out) expect(outcome(await step(out))).toBe(expected(cell, false));
  });
});
