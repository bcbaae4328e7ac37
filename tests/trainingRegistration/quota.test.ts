import { TrainingParticipation } from '../../src/db/models/training';
import type { TestHub } from '../helpers/hub';
import { Caller, futureTraining, key, outcome, PARTICIPATION_STEP, REGISTER, World, startWorkflowHub } from '../aidProposal/fixture';

/* Training places as the portals see them: the quota under concurrency, retries, drops, the worklist. */

let hub: TestHub;
let world: World;
let call: Caller;

beforeAll(async () => {
  ({ hub, world } = await startWorkflowHub());
  call = new Caller(hub, world);
}, 180_000);
afterAll(() => hub.close());

const placesLeft = async (training: string) => (await call.as('PSM', `{ training(id: "${training}") { placesLeft } }`)).body.data.training.placesLeft as number;

describe('registering for a training with a quota', () => {
  test('30 registrations racing for 29 places give 29 participants and one TRAINING_FULL', async () => {
    const training = await futureTraining(world.desa, 29);
    const people = Array.from({ length: 30 }, (_v, i) => world.personInScope('ADMIN', i));
    const replies = await Promise.all(people.map((p) => call.as('OPERATOR', REGISTER, { input: { idempotencyKey: key(), trainingId: training, personId: p._id } })));
    const codes = replies.map(outcome);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(29);
    expect(codes.filter((c) => c !== 'OK')).toEqual(['TRAINING_FULL']);
    const full = replies.find((r) => outcome(r) === 'TRAINING_FULL')!;
    expect(full.body.errors[0]).toMatchObject({ message: `input.trainingId: training ${training} has no places left`, extensions: { field: 'input.trainingId', placesLeft: 0 } });
    expect(await TrainingParticipation.countDocuments({ trainingId: training })).toBe(29);
    expect(await placesLeft(training)).toBe(0);
  });

  test('a retried registration with the same key returns the first participation and takes no second place', async () => {
    const training = await futureTraining(world.desa, 5);
    const p = world.personInScope('PSM', 0);
    const input = { idempotencyKey: key(), trainingId: training, personId: p._id };
    const first = await call.as('PSM', REGISTER, { input });
    const again = await call.as('PSM', REGISTER, { input });
    expect(again.body).toEqual(first.body);
    expect(await placesLeft(training)).toBe(4);
    const second = await call.as('PSM', REGISTER, { input: { ...input, idempotencyKey: key() } });
    expect(second.body.errors[0].extensions).toMatchObject({ code: 'ALREADY_REGISTERED', field: 'input.personId' });
    expect(await TrainingParticipation.countDocuments({ trainingId: training })).toBe(1);
  });

  test('attend, complete with an outcome; a drop frees the place; steps state the status they expect', async () => {
    const training = await futureTraining(world.desa, 1);
    const [a, b] = [world.personInScope('PSM', 1), world.personInScope('PSM', 2)];
    const id = (await call.as('PSM', REGISTER, { input: { idempotencyKey: key(), trainingId: training, personId: a._id } })).body.data.registerTrainingParticipant.id;
    expect(outcome(await call.as('PSM', REGISTER, { input: { idempotencyKey: key(), trainingId: training, personId: b._id } }))).toBe('TRAINING_FULL');
    const attend = await call.as('PSM', PARTICIPATION_STEP('markTrainingAttendance'), { input: { idempotencyKey: key(), participationId: id, expectedStatus: 'REGISTERED' } });
    expect(attend.body.data.markTrainingAttendance).toEqual({ id, status: 'ATTENDED', outcome: null });
    const stale = await call.as('PSM', PARTICIPATION_STEP('markTrainingAttendance'), { input: { idempotencyKey: key(), participationId: id, expectedStatus: 'REGISTERED' } });
    expect(stale.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', current: { status: 'ATTENDED' } });
    const wrong = await call.as('PSM', PARTICIPATION_STEP('completeTrainingParticipation', 'CompleteTrainingParticipationInput'), {
      input: { idempotencyKey: key(), participationId: id, expectedStatus: 'REGISTERED', outcome: 'NONE' },
    });
    expect(wrong.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.expectedStatus' });
    const drop = await call.as('PSM', PARTICIPATION_STEP('dropTrainingParticipant'), { input: { idempotencyKey: key(), participationId: id, expectedStatus: 'ATTENDED' } });
    expect(drop.body.data.dropTrainingParticipant.status).toBe('DROPPED');
    expect(await placesLeft(training)).toBe(1);
    const now = await call.as('PSM', REGISTER, { input: { idempotencyKey: key(), trainingId: training, personId: b._id } });
    expect(now.body.data.registerTrainingParticipant.status).toBe('REGISTERED');
    const done = await call.as('PSM', PARTICIPATION_STEP('markTrainingAttendance'), {
      input: { idempotencyKey: key(), participationId: now.body.data.registerTrainingParticipant.id, expectedStatus: 'REGISTERED' },
    });
    expect(done.body.data.markTrainingAttendance.status).toBe('ATTENDED');
    const completed = await call.as('PSM', PARTICIPATION_STEP('completeTrainingParticipation', 'CompleteTrainingParticipationInput'), {
      input: { idempotencyKey: key(), participationId: now.body.data.registerTrainingParticipant.id, expectedStatus: 'ATTENDED', outcome: 'STARTED_BUSINESS' },
    });
    expect(completed.body.data.completeTrainingParticipation).toMatchObject({ status: 'COMPLETED', outcome: 'STARTED_BUSINESS' });
  });

  test('a training that has ended takes no one; an unknown one is NOT_FOUND', async () => {
    const p = world.personInScope('PSM', 3);
    const past = world.r.trainings.find((t) => t.endDate < new Date())!;
    const ended = await call.as('OPERATOR', REGISTER, { input: { idempotencyKey: key(), trainingId: past._id, personId: p._id } });
    expect(ended.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.trainingId' });
    expect(outcome(await call.as('OPERATOR', REGISTER, { input: { idempotencyKey: key(), trainingId: 'T99999', personId: p._id } }))).toBe('NOT_FOUND');
  });

  test('the worklist shows a Karang Taruna the trainings with places near its youth, and how many places, not who took them', async () => {
    const training = await futureTraining(world.youthDesa, 3);
    const youth = world.personInScope('KARANG_TARUNA', 0);
    await call.as('KARANG_TARUNA', REGISTER, { input: { idempotencyKey: key(), trainingId: training, personId: youth._id } });
    const reply = await call.as('KARANG_TARUNA', '{ worklist { openTrainings { placesLeft training { id quota } } } }');
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.worklist.openTrainings).toContainEqual({ placesLeft: 2, training: { id: training, quota: 3 } });
    // Discrepancies are not a Karang Taruna's to read (DATA_QUALITY -), so not its to work either.
    const denied = await call.as('KARANG_TARUNA', '{ worklist { openDiscrepancies(first: 1) { totalCount } } }');
    expect(denied.body.errors.map((e: { path: string[]; extensions: { code: string } }) => [e.path.join('.'), e.extensions.code])).toEqual([
      ['worklist.openDiscrepancies', 'FORBIDDEN'],
    ]);
    const tksk = await call.as('TKSK', '{ worklist { openTrainings { placesLeft } } }');
    expect(tksk.body.data.worklist.openTrainings).toEqual([]);
  });
});
