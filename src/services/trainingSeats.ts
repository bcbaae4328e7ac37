import mongoose from 'mongoose';
import { inList } from '../db/filters';
import { TrainingParticipation, type TrainingDoc, type TrainingParticipationDoc } from '../db/models/training';
import { TrainingSeat, type TrainingSeatDoc } from '../db/models/trainingSeats';
import { HUB_ID_START, isDuplicateKey } from './hubIds';

/*
 * Places of a training under concurrency, without transactions: numbered seats whose unique keys
 * decide every race (src/db/models/trainingSeats.ts). Each function is one idempotent step, so a
 * registration or a drop cut short anywhere is finished by running it again or by `recoverSeats`.
 */

const seatId = (trainingId: string, n: number): string => `${trainingId}#${String(n).padStart(4, '0')}`;
const markerId = (trainingId: string): string => `${trainingId}#init`;
/** Participations the importer wrote (its series stays below the hub's). */
const imported = (participationId: string): boolean => Number(participationId.slice(2)) < HUB_ID_START;

async function insertSeat(doc: TrainingSeatDoc): Promise<'INSERTED' | 'SEAT_TAKEN' | 'PERSON_SEATED'> {
  try {
    await TrainingSeat.create(doc);
    return 'INSERTED';
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    // Which key was duplicated: the seat number, or the person's one place in this training.
    const holder = doc.personId ? await TrainingSeat.exists({ trainingId: doc.trainingId, personId: doc.personId }) : null;
    return holder ? 'PERSON_SEATED' : 'SEAT_TAKEN';
  }
}

/** The seats taken in a training (the marker left out). */
export async function seatsOf(trainingId: string): Promise<TrainingSeatDoc[]> {
  const all = await TrainingSeat.find({ trainingId }).lean();
  return all.filter((s) => s.personId !== null);
}

/**
 * Seats the participations imported from rosters before the hub first registers anyone for the
 * training, in id order, so that two hubs doing it at once write the same seats. Imports of
 * participations into a training after that are not counted (README: training registration).
 */
export async function ensureSeated(trainingId: string): Promise<void> {
  if (await TrainingSeat.exists({ _id: markerId(trainingId) })) return;
  const held = await TrainingParticipation.find({ trainingId, status: mongoose.trusted({ $ne: 'DROPPED' }) }, { _id: 1, personId: 1 })
    .sort({ _id: 1 })
    .lean();
  const at = new Date();
  let n = 0;
  for (const p of held.filter((h) => imported(h._id))) {
    n++;
    await insertSeat({ _id: seatId(trainingId, n), trainingId, personId: p.personId, participationId: p._id, at });
  }
  await insertSeat({ _id: markerId(trainingId), trainingId, personId: null, participationId: null, at });
}

/** Places left: the quota less the seats taken, never below 0 (a quota lowered by an import leaves its holders seated). */
export function placesLeft(quota: number, seatsTaken: number): number {
  return Math.max(0, quota - seatsTaken);
}

export type SeatAnswer = { kind: 'TAKEN'; seat: string } | { kind: 'FULL' } | { kind: 'ALREADY_HELD'; participationId: string | null };

/**
 * Takes a free seat numbered 1..quota for the person. Racing registrations read the same free
 * numbers; each starts at a random one of them so that they rarely try the same, and a lost insert
 * moves on to the next.
 */
export async function takeSeat(training: Pick<TrainingDoc, '_id' | 'quota'>, participationId: string, personId: string): Promise<SeatAnswer> {
  await ensureSeated(training._id);
  const seats = await seatsOf(training._id);
  const own = seats.find((s) => s.personId === personId);
  if (own) return { kind: 'ALREADY_HELD', participationId: own.participationId };
  const taken = new Set(seats.map((s) => s._id));
  const free: number[] = [];
  for (let n = 1; n <= training.quota; n++) if (!taken.has(seatId(training._id, n))) free.push(n);
  const start = Math.floor(Math.random() * free.length);
  for (let i = 0; i < free.length; i++) {
    const n = free[(start + i) % free.length]!;
    const answer = await insertSeat({ _id: seatId(training._id, n), trainingId: training._id, personId, participationId, at: new Date() });
    if (answer === 'INSERTED') return { kind: 'TAKEN', seat: seatId(training._id, n) };
    if (answer === 'PERSON_SEATED') {
      const held = await TrainingSeat.findOne({ trainingId: training._id, personId }).lean();
      return { kind: 'ALREADY_HELD', participationId: held?.participationId ?? null };
    }
  }
  return { kind: 'FULL' };
}

/** Writes the participation a seat names (idempotent: an existing one is left as it is). */
export async function writeParticipation(participationId: string, trainingId: string, personId: string): Promise<void> {
  await TrainingParticipation.updateOne({ _id: participationId }, { $setOnInsert: { trainingId, personId, status: 'REGISTERED', outcome: null } }, { upsert: true });
}

/** Frees the place a participation held; true when this call freed it, false when it was free already. */
export async function freeSeat(trainingId: string, participationId: string): Promise<boolean> {
  const r = await TrainingSeat.deleteOne({ trainingId, participationId });
  return r.deletedCount === 1;
}

/**
 * Finishes every registration and drop of a training that was cut short: a seat whose participation
 * is missing gets it written (the seat was won, so the registration stands); a seat whose
 * participation was dropped is freed. Reads at most one participation per place.
 */
export async function recoverSeats(trainingId: string): Promise<{ written: number; freed: number }> {
  const seats = await seatsOf(trainingId);
  if (seats.length === 0) return { written: 0, freed: 0 };
  const found = await TrainingParticipation.find({ _id: inList(seats.map((s) => s.participationId!)) }, { _id: 1, status: 1 }).lean<
    Pick<TrainingParticipationDoc, '_id' | 'status'>[]
  >();
  const status = new Map(found.map((p) => [p._id, p.status]));
  let written = 0;
  let freed = 0;
  for (const s of seats) {
    const st = status.get(s.participationId!);
    if (st === undefined) {
      await writeParticipation(s.participationId!, trainingId, s.personId!);
      written++;
    } else if (st === 'DROPPED' && (await freeSeat(trainingId, s.participationId!))) freed++;
  }
  return { written, freed };
}
