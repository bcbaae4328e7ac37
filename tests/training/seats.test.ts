import { Training, TrainingParticipation } from '../../src/db/models/training';
import { nextHubId } from '../../src/services/hubIds';
import { freeSeat, placesLeft, recoverSeats, seatsOf, takeSeat, writeParticipation } from '../../src/services/trainingSeats';
import { dropDatabase, useFreshDatabase } from '../integration/helpers';

/*
 * The quota under concurrency, on the real engine: places are numbered seats whose unique keys
 * decide races (src/db/models/trainingSeats.ts), so racing registrations cannot overfill a training.
 */

const person = (n: number) => `P${String(1_000_000 + n).padStart(7, '0')}`;
const training = (id: string, quota: number) => ({ _id: id, quota });
const left = async (id: string, quota: number) => placesLeft(quota, (await seatsOf(id)).length);

beforeAll(async () => {
  await useFreshDatabase();
});
afterAll(dropDatabase);

describe('training places (kuota) under concurrency', () => {
  test('30 people racing for 29 places: exactly 29 get one, the 30th finds the training full', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, async (_v, i) => takeSeat(training('T90001', 29), await nextHubId('TP'), person(i))));
    expect(answers.filter((a) => a.kind === 'TAKEN')).toHaveLength(29);
    expect(answers.filter((a) => a.kind === 'FULL')).toHaveLength(1);
    const seats = await seatsOf('T90001');
    expect(seats).toHaveLength(29);
    expect(new Set(seats.map((s) => s.personId)).size).toBe(29);
    expect(new Set(seats.map((s) => s.participationId)).size).toBe(29);
    expect(await left('T90001', 29)).toBe(0);
  });

  test('ids claimed by racing writers are all different', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, () => nextHubId('AP')));
    expect(new Set(ids).size).toBe(40);
    expect(ids.every((id) => /^AP9\d{7}$/.test(id))).toBe(true);
  });

  test('one person racing with itself holds one place', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, async () => takeSeat(training('T90002', 5), await nextHubId('TP'), person(1))));
    expect(answers.filter((a) => a.kind === 'TAKEN')).toHaveLength(1);
    expect(answers.filter((a) => a.kind === 'ALREADY_HELD')).toHaveLength(5);
    expect(await left('T90002', 5)).toBe(4);
  });

  test('places taken by imported participations count; a dropped import does not', async () => {
    await TrainingParticipation.create([
      { _id: 'TP00000001', trainingId: 'T90003', personId: person(1), status: 'REGISTERED', outcome: null },
      { _id: 'TP00000002', trainingId: 'T90003', personId: person(2), status: 'DROPPED', outcome: null },
    ]);
    expect(await takeSeat(training('T90003', 3), await nextHubId('TP'), person(1))).toEqual({ kind: 'ALREADY_HELD', participationId: 'TP00000001' });
    expect(await left('T90003', 3)).toBe(2);
  });

  test('a crash between taking the place and writing the participation is finished by recovery, not leaked', async () => {
    const id = await nextHubId('TP');
    expect((await takeSeat(training('T90004', 1), id, person(7))).kind).toBe('TAKEN');
    // The process dies here: no participation written.
    expect(await TrainingParticipation.findById(id).lean()).toBeNull();
    expect(await recoverSeats('T90004')).toEqual({ written: 1, freed: 0 });
    expect(await TrainingParticipation.findById(id).lean()).toMatchObject({ trainingId: 'T90004', personId: person(7), status: 'REGISTERED' });
    expect(await recoverSeats('T90004')).toEqual({ written: 0, freed: 0 });
  });

  test('a drop frees its place once, however often it is repeated or recovered', async () => {
    const id = await nextHubId('TP');
    await takeSeat(training('T90005', 2), id, person(8));
    await writeParticipation(id, 'T90005', person(8));
    await TrainingParticipation.updateOne({ _id: id }, { $set: { status: 'DROPPED' } });
    // The process dies before freeing the place; recovery frees it, and a second free changes nothing.
    expect(await recoverSeats('T90005')).toEqual({ written: 0, freed: 1 });
    expect(await freeSeat('T90005', id)).toBe(false);
    expect(await left('T90005', 2)).toBe(2);
    // The person may register again.
    expect((await takeSeat(training('T90005', 2), await nextHubId('TP'), person(8))).kind).toBe('TAKEN');
  });

  test('a quota raised by an import opens places; a lowered one keeps its holders and takes no one new', async () => {
    await takeSeat(training('T90006', 1), await nextHubId('TP'), person(1));
    expect((await takeSeat(training('T90006', 1), await nextHubId('TP'), person(2))).kind).toBe('FULL');
    expect((await takeSeat(training('T90006', 2), await nextHubId('TP'), person(2))).kind).toBe('TAKEN');
    expect((await takeSeat(training('T90006', 1), await nextHubId('TP'), person(3))).kind).toBe('FULL');
    expect(await left('T90006', 1)).toBe(0);
    expect(await Training.countDocuments()).toBe(0);
  });
});
