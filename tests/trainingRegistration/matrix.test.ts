import { futureTraining, key, outcome, PARTICIPATION_STEP, REGISTER, ROLES, type RoleName, useWorkflowHub } from '../aidProposal/fixture';

/*
 * docs/domain.md section 9, "register, attend, complete, drop a training participant", written out again here so that
 * a flipped cell fails: ADMIN, OPERATOR and PSM in their rows, KARANG_TARUNA for the youth of its desa, nobody else.
 */
const TABLE: Record<RoleName, string> = {
  ADMIN: '✓',
  OPERATOR: '✓',
  PENDAMPING_PKH: '-',
  TKSK: '-',
  FASILITATOR_SLRT: '-',
  PENDAMPING_REHSOS: '-',
  TAGANA: '-',
  PELOPOR_PERDAMAIAN: '-',
  PSM: '✓',
  KARANG_TARUNA: 'P (youth)',
  PARTNER: '-',
};

const w = useWorkflowHub();

const expected = (role: RoleName, inScope: boolean) => (TABLE[role] === '-' ? 'FORBIDDEN' : inScope ? 'OK' : 'NOT_FOUND');

/** A participation (registered by an ADMIN, then brought to `status`) of someone in or outside the role's rows. */
async function participation(role: RoleName, inScope: boolean, status: 'REGISTERED' | 'ATTENDED'): Promise<string | null> {
  const p = inScope ? w.world.personInScope(role === 'PARTNER' ? 'ADMIN' : role) : w.world.personOutOfScope(role);
  if (!p) return null;
  const training = await futureTraining(p.desaCode, 10);
  const reg = await w.call.as('ADMIN', REGISTER, { input: { idempotencyKey: key(), trainingId: training, personId: p._id } });
  const id = reg.body.data.registerTrainingParticipant.id as string;
  if (status === 'ATTENDED') {
    await w.call.as('ADMIN', PARTICIPATION_STEP('markTrainingAttendance'), { input: { idempotencyKey: key(), participationId: id, expectedStatus: 'REGISTERED' } });
  }
  return id;
}

describe.each(ROLES.map((r) => [r] as const))('a %s', (role) => {
  test(`registers a participant as the matrix says (${TABLE[role]}): in its rows, outside them`, async () => {
    const p = w.world.personInScope(role === 'PARTNER' ? 'ADMIN' : role);
    const inside = await w.call.as(role, REGISTER, { input: { idempotencyKey: key(), trainingId: await futureTraining(p.desaCode, 10), personId: p._id } });
    expect([outcome(inside), inside.body.errors?.[0]?.message]).toEqual([expected(role, true), inside.body.errors?.[0]?.message]);
    if (outcome(inside) === 'OK') expect(inside.body.data.registerTrainingParticipant).toMatchObject({ status: 'REGISTERED', person: { id: p._id } });
    const o = w.world.personOutOfScope(role);
    if (o) {
      const out = await w.call.as(role, REGISTER, { input: { idempotencyKey: key(), trainingId: await futureTraining(o.desaCode, 10), personId: o._id } });
      expect(outcome(out)).toBe(expected(role, false));
    }
  });

  test.each([
    ['markTrainingAttendance', 'REGISTERED', 'ATTENDED', {}],
    ['completeTrainingParticipation', 'ATTENDED', 'COMPLETED', { outcome: 'EMPLOYED' }],
    ['dropTrainingParticipant', 'REGISTERED', 'DROPPED', {}],
  ] as const)('%s as the matrix says', async (mutation, from, to, extra) => {
    const input = mutation === 'completeTrainingParticipation' ? 'CompleteTrainingParticipationInput' : 'TrainingParticipationStepInput';
    const step = (id: string) => w.call.as(role, PARTICIPATION_STEP(mutation, input), { input: { idempotencyKey: key(), participationId: id, expectedStatus: from, ...extra } });
    const inside = await step((await participation(role, true, from))!);
    expect(outcome(inside)).toBe(expected(role, true));
    if (outcome(inside) === 'OK') expect(inside.body.data[mutation].status).toBe(to);
    const out = await participation(role, false, from);
    if (out) expect(outcome(await step(out))).toBe(expected(role, false));
  });
});
