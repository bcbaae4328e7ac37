import DataLoader from 'dataloader';
import mongoose from 'mongoose';
import { inList } from '../db/filters';
import { TrainingParticipation, type TrainingDoc } from '../db/models/training';
import { TrainingSeat } from '../db/models/trainingSeats';
import { placesLeft } from './trainingSeats';

/*
 * Places left in trainings, for the catalogue (Training.placesLeft) and the worklist: a number only, never who holds
 * the places. A training the hub has registered someone for counts its seats; one it never has counts the
 * participations imported for it that were not dropped (what its seats would be: src/services/trainingSeats.ts).
 */

/** Places left of each training, in the order given: two `$in` reads for the whole batch. */
export async function placesLeftOf(trainings: readonly Pick<TrainingDoc, '_id' | 'quota'>[]): Promise<number[]> {
  const ids = trainings.map((t) => t._id);
  if (ids.length === 0) return [];
  const seats = await TrainingSeat.find({ trainingId: inList(ids) }, { trainingId: 1, personId: 1 }).lean();
  const seated = new Set<string>();
  const taken = new Map<string, number>();
  for (const s of seats) {
    if (s.personId === null) seated.add(s.trainingId);
    else taken.set(s.trainingId, (taken.get(s.trainingId) ?? 0) + 1);
  }
  const unseated = ids.filter((id) => !seated.has(id));
  if (unseated.length > 0) {
    const held = await TrainingParticipation.find({ trainingId: inList(unseated), status: mongoose.trusted({ $ne: 'DROPPED' }) }, { trainingId: 1 }).lean();
    for (const h of held) taken.set(h.trainingId, (taken.get(h.trainingId) ?? 0) + 1);
  }
  return trainings.map((t) => placesLeft(t.quota, taken.get(t._id) ?? 0));
}

const loaders = new WeakMap<object, DataLoader<Pick<TrainingDoc, '_id' | 'quota'>, number, string>>();

/** Per request (keyed by its context): batches the trainings of one page into one read. */
export function placesLeftLoader(ctx: object): DataLoader<Pick<TrainingDoc, '_id' | 'quota'>, number, string> {
  let loader = loaders.get(ctx);
  if (!loader) loaders.set(ctx, (loader = new DataLoader((ts) => placesLeftOf(ts), { cacheKeyFn: (t) => t._id, maxBatchSize: 200 })));
  return loader;
}
