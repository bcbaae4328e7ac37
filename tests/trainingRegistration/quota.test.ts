import { TrainingParticipation } from '../../src/db/models/training';
import { futureTraining, key, outcome, PARTICIPATION_STEP, REGISTER, useWorkflowHub } from '../aidProposal/fixture';

/* Training places as the portals see them: the quota under concurrency, retries, drops, the worklist. */

const w = useWorkflowHub();

const placesLeft = async (training: string) => (await w.call.as('PSM', `{ training(id: "${training}") { placesLeft } }`)).body.data.training.placesLeft as number;

describe('registering for a training with a quota', () => {
  test('30 registrations racing for 29 places give 29 participants and one TRAINING_FULL', async () => {
    const training = await futureTraining(w.world.desa, 29);
    const people = Array.from({ length: 30 }, (_v, i) => w.world.personInScope('ADMIN', i));
    const replies = await Promise.all(people.map((p) => w.call.as('OPERATOR', REGISTER, { input: { idempotencyKey: key(), trainingId: training, personId: p._id } })));
    const codes = replies.map(outcome);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(29);
    expect(codes.filter((c) => c !== 'OK')).toEqual(['TRAINING_FULL']);
    const full = replies.find((r) => outcome(r) === 'TRAINING_FULL')!;
    expect(full.body.errors[0]).toMatchObject({ message: `input.trainingId: training ${training} has no places left`, extensions: { field: 'input.trainingId', placesLeft: 0 } });
    expect(await TrainingParticipation.countDocuments({ trainingId: training })).toBe(29);
    expect(await placesLeft(training)).toBe(0);
  });

  test('a retried registration with the same key returns the first participation and takes no second place', async () => {
    const training = await futureTraining(w.world.desa, 5);
    const p = w.world.personInScope('PSM', 0);
    const input = { idempotencyKey: key(), trainingId: training, personId: p._id };
    const first = await w.call.as('PSM', REGISTER, { input });
    const again = await w.call.as('PSM', REGISTER, { input });
    expect(again.body).toEqual(first.body);
    expect(await placesLeft(training)).toBe(4);
    const second = await w.call.as('PSM', REGISTER, { input: { ...input, idempotencyKey: key() } });
    expect(second.body.errors[0].extensions).toMatchObject({ code: 'ALREADY_REGISTERED', field: 'input.personId' });
    expect(await TrainingParticipation.countDocuments({ trainingId: training })).toBe(1);
  });

  test('attend, complete with an outcome; a drop frees the place; steps state the status they expect', async () => {
    const training = await futureTraining(w.world.desa, 1);
    const [a, b] = [w.world.personInScope('PSM', 1), w.world.personInScope('PSM', 2)];
    const id = (await w.call.as('PSM', REGISTER, { input: { idempotencyKey: key(), trainingId: training, personId: a._id } })).body.data.registerTrainingParticipant.id;
    expect(outcome(await w.call.as('PSM', REGISTER, { input: { idempotencyKey: key(), trainingId: training, personId: b._id } }))).toBe('TRAINING_FULL');
    const attend = await w.call.as('PSM', PARTICIPATION_STEP('markTrainingAttendance'), { input: { idempotencyKey: key(), participationId: id, expectedStatus: 'REGISTERED' } });
    expect(attend.body.data.markTrainingAttendance).toEqual({ id, status: 'ATTENDED', outcome: null });
    const stale = await w.call.as('PSM', PARTICIPATION_STEP('markTrainingAttendance'), { input: { idempotencyKey: key(), participationId: id, expectedStatus: 'REGISTERED' } });
    expect(stale.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', current: { status: 'ATTENDED' } });
    const wrong = await w.call.as('PSM', PARTICIPATION_STEP('completeTrainingParticipation', 'CompleteTrainingParticipationInput'), {
      input: { idempotencyKey: key(), participationId: id, expectedStatus: 'REGISTERED', outcome: 'NONE' },
    });
    expect(wrong.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.expectedStatus' });
    const drop = await w.call.as('PSM', PARTICIPATION_STEP('dropTrainingParticipant'), { input: { idempotencyKey: key(), participationId: id, expectedStatus: 'ATTENDED' } });
    expect(drop.body.data.dropTrainingParticipant.status).toBe('DROPPED');
    expect(await placesLeft(training)).toBe(1);
    const now = await w.call.as('PSM', REGISTER, { input: { idempotencyKey: key(), trainingId: training, personId: b._id } });
    expect(now.body.data.registerTrainingParticipant.status).toBe('REGISTERED');
    const done = await w.call.as('PSM', PARTICIPATION_STEP('markTrainingAttendance'), {
      input: { idempotencyKey: key(), participationId: now.body.data.registerTrainingParticipant.id, expectedStatus: 'REGISTERED' },
    });
    expect(done.body.data.markTrainingAttendance.status).toBe('ATTENDED');
    const completed = await w.call.as('PSM', PARTICIPATION_STEP('completeTrainingParticipation', 'CompleteTrainingParticipationInput'), {
      input: { idempotencyKey: key(), participationId: now.body.data.registerTrainingParticipant.id, expectedStatus: 'ATTENDED', outcome: 'STARTED_BUSINESS' },
    });
    expect(completed.body.data.completeTrainingParticipation).toMatchObject({ status: 'COMPLETED', outcome: 'STARTED_BUSINESS' });
  });

  test('a training that has ended takes no one; an unknown one is NOT_FOUND', async () => {
    const p = w.world.personInScope('PSM', 3);
    const past = w.world.r.trainings.find((t) => t.endDate < new Date())!;
    const ended = await w.call.as('OPERATOR', REGISTER, { input: { idempotencyKey: key(), trainingId: past._id, personId: p._id } });
    expect(ended.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.trainingId' });
    expect(outcome(await w.call.as('OPERATOR', REGISTER, { input: { idempotencyKey: key(), trainingId: 'T99999', personId: p._id } }))).toBe('NOT_FOUND');
  });

  test('the worklist shows a Karang Taruna the trainings with places near its youth, and how many places, not who took them', async () => {
    const training = await futureTraining(w.world.youthDesa, 3);
    const youth = w.world.personInScope('KARANG_TARUNA', 0);
    await w.call.as('KARANG_TARUNA', REGISTER, { input: { idempotencyKey: key(), trainingId: training, personId: youth._id } });
    const reply = await w.call.as('KARANG_TARUNA', '{ worklist { openTrainings { placesLeft training { id quota } } } }');
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.worklist.openTrainings).toContainEqual({ placesLeft: 2, training: { id: training, quota: 3 } });
    // Discrepancies are not a Karang Taruna's to read (DATA_QUALITY -), so not its to work either.
    const denied = await w.call.as('KARANG_TARUNA', '{ worklist { openDiscrepancies(first: 1) { totalCount } } }');
    expect(denied.body.errors.map((e: { path: string[]; extensions: { code: string } }) => [e.path.join('.'), e.extensions.code])).toEqual([
      ['worklist.openDiscrepancies', 'FORBIDDEN'],
    ]);
    const tksk = await w.call.as('TKSK', '{ worklist { openTrainings { placesLeft } } }');
    expect(tksk.body.data.worklist.openTrainings).toEqual([]);
  });
});
