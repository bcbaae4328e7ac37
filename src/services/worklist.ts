import mongoose from 'mongoose';
import { mayWrite } from '../auth/decide';
import { childRowFilter, withScope } from '../auth/scope';
import { inList } from '../db/filters';
import { AidProposal, type AidProposalDoc, type AidProposalStatus } from '../db/models/aidProposal';
import type { DiscrepancyDoc } from '../db/models/discrepancy';
import { Training, type TrainingDoc } from '../db/models/training';
import { DataChangeRequest, type DataChangeRequestDoc } from '../db/models/verval';
import type { Context } from '../context';
import { listDiscrepancies } from './integration';
import type { Connection, PageArgs } from './pagination';
import { placesLeftOf } from './places';

/*
 * The worklist (docs/domain.md section 9): each viewer's queue, each part only for the roles whose work it is, read
 * through the viewer's row scope like every other read.
 */

/** The worklist has no state of its own: its fields read for the viewer of the request. */
export type WorklistShape = Record<string, never>;

export interface OpenTrainingShape {
  training: TrainingDoc;
  placesLeft: number;
}

const EMPTY_PAGE = { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: async () => 0 };

/** OPEN discrepancies in scope (an OPEN one is not taken: taking it makes it IN_VERIFICATION). */
export function openDiscrepancies(ctx: Context, page: PageArgs): Promise<Connection<DiscrepancyDoc>> {
  if (!mayWrite(ctx.viewer, 'WORK_DISCREPANCY')) return Promise.resolve(EMPTY_PAGE);
  return listDiscrepancies(ctx, { status: 'OPEN' }, page);
}

export const WORKLIST_PROPOSALS = 100;

/**
 * Proposals awaiting the viewer's step: SUBMITTED ones for who verifies (the kecamatan's TKSK), VERIFIED ones for who
 * decides (OPERATOR, ADMIN). Both kinds of role see everyone in their area, so the area filter of the proposal is their
 * row scope (the population roles, PKH and REHSOS companions, take no step on proposals).
 */
export async function awaitingProposals(ctx: Context): Promise<AidProposalDoc[]> {
  const status: AidProposalStatus | null = mayWrite(ctx.viewer, 'DECIDE_AID_PROPOSAL') ? 'VERIFIED' : mayWrite(ctx.viewer, 'VERIFY_AID_PROPOSAL') ? 'SUBMITTED' : null;
  if (!status) return [];
  const filter = withScope({ status }, childRowFilter(ctx.viewer));
  if (filter === null) return [];
  return AidProposal.find(filter).sort({ _id: 1 }).limit(WORKLIST_PROPOSALS).lean<AidProposalDoc[]>();
}

export const WORKLIST_CHANGE_REQUESTS = 100;

/** PROPOSED data change requests in the viewer's rows, for who decides them (OPERATOR, ADMIN), except its own (maker-checker). */
export async function awaitingDataChanges(ctx: Context): Promise<DataChangeRequestDoc[]> {
  if (!mayWrite(ctx.viewer, 'DECIDE_DATA_CHANGE')) return [];
  const filter = withScope({ status: 'PROPOSED', proposedBy: mongoose.trusted({ $ne: ctx.viewer.subject }) }, childRowFilter(ctx.viewer));
  if (filter === null) return [];
  return DataChangeRequest.find(filter).sort({ _id: 1 }).limit(WORKLIST_CHANGE_REQUESTS).lean<DataChangeRequestDoc[]>();
}

export const WORKLIST_TRAININGS = 50;

/** Kecamatan a viewer's people live in: its kecamatan, or those of its desas. */
function kecamatansOf(ctx: Context): string[] {
  const { kecamatanCodes, desaCodes } = ctx.viewer.area;
  return [...new Set([...kecamatanCodes, ...desaCodes.map((d) => d.split('.').slice(0, 3).join('.'))])];
}

/** Trainings not yet ended with places left, in the viewer's kecamatan (all for staff), soonest first. */
export async function openTrainings(ctx: Context): Promise<OpenTrainingShape[]> {
  if (!mayWrite(ctx.viewer, 'MANAGE_TRAINING_PARTICIPANT')) return [];
  const today = new Date(`${ctx.now.toISOString().slice(0, 10)}T00:00:00Z`);
  const area = ctx.viewer.scope.kind === 'ALL' ? {} : { kecamatanCode: inList(kecamatansOf(ctx)) };
  const trainings = await Training.find({ ...area, endDate: mongoose.trusted({ $gte: today }) })
    .sort({ startDate: 1, _id: 1 })
    .limit(WORKLIST_TRAININGS * 4)
    .lean<TrainingDoc[]>();
  const left = await placesLeftOf(trainings);
  return trainings
    .map((training, i) => ({ training, placesLeft: left[i]! }))
    .filter((t) => t.placesLeft > 0)
    .slice(0, WORKLIST_TRAININGS);
}
