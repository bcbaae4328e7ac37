import type { TrainingDoc, TrainingParticipationDoc } from '../db/models/training';
import type { Context } from '../context';

/*
 * A training's places left (issue 13 item 5), from the participations as stored. Registration (portals-aid) keeps
 * its own counter for the quota under concurrency; these functions are the reference it can check against.
 */

/** Statuses that hold a place: a dropped participant frees theirs. */
export const PLACE_HOLDING_STATUSES: ReadonlySet<TrainingParticipationDoc['status']> = new Set(['REGISTERED', 'ATTENDED', 'COMPLETED']);

/** How many places the participations of one training hold. */
export function placesTaken(participations: readonly Pick<TrainingParticipationDoc, 'status'>[]): number {
  return participations.filter((p) => PLACE_HOLDING_STATUSES.has(p.status)).length;
}

/** The quota less the places taken, never below 0 (a source may have over-registered). */
export function placesLeftOf(quota: number, participations: readonly Pick<TrainingParticipationDoc, 'status'>[]): number {
  return Math.max(0, quota - placesTaken(participations));
}

/**
 * Places left of a training, counting every participation, whoever's: the number is all that leaves the hub (the
 * field is for registrars only, matrix.ts ACTION_FIELDS). One batched read for every training of a page.
 */
export async function placesLeft(ctx: Context, t: TrainingDoc): Promise<number> {
  return placesLeftOf(t.quota, await ctx.loaders.participationsByTraining.load(t._id));
}
