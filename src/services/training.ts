import mongoose from 'mongoose';
import type { TrainingCategory } from '../domain/records';
import { Training, type TrainingDoc, type TrainingParticipationDoc } from '../db/models/training';
import type { PersonDoc } from '../db/models/person';
import { badInput } from '../errors';
import type { Context } from '../context';
import { desaArg, idArg, kecamatanArg } from './arguments';
import { findPage, pageWindow, toConnection, type Connection, type PageArgs } from './pagination';

export interface TrainingFilterArgs {
  category?: TrainingCategory | null;
  from?: Date | null;
  to?: Date | null;
  kecamatanCode?: string | null;
  desaCode?: string | null;
}

export function trainingById(ctx: Context, id: string): Promise<TrainingDoc | null> {
  return ctx.loaders.training.load(idArg('training', 'id', id));
}

export function trainingFilter(f: TrainingFilterArgs | null | undefined): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (!f) return q;
  if (f.category != null) q.category = f.category;
  if (f.from && f.to && f.from > f.to) throw badInput('filter.from', 'filter.from is after filter.to');
  // A training belongs to the range when it overlaps it.
  if (f.from) q.endDate = mongoose.trusted({ $gte: f.from });
  if (f.to) q.startDate = mongoose.trusted({ $lte: f.to });
  if (f.kecamatanCode != null) q.kecamatanCode = kecamatanArg('filter.kecamatanCode', f.kecamatanCode);
  if (f.desaCode != null) q.desaCode = desaArg('filter.desaCode', f.desaCode);
  return q;
}

export function listTrainings(_ctx: Context, filter: TrainingFilterArgs | null | undefined, page: PageArgs): Promise<Connection<TrainingDoc>> {
  return findPage<TrainingDoc>(Training, trainingFilter(filter), page);
}

/**
 * Whether the viewer may see each participation's participant: the person loader applies the row scope, so others
 * neither appear nor count.
 */
async function visible(ctx: Context, tps: readonly TrainingParticipationDoc[]): Promise<boolean[]> {
  const persons = await ctx.loaders.person.loadMany(tps.map((tp) => tp.personId));
  return persons.map((p) => p !== null && !(p instanceof Error));
}

async function visibleParticipations(ctx: Context, t: TrainingDoc): Promise<TrainingParticipationDoc[]> {
  const all = await ctx.loaders.participationsByTraining.load(t._id);
  const shown = await visible(ctx, all);
  return all.filter((_tp, i) => shown[i]);
}

/**
 * A page of a training's participants. Its participations are bounded by the quota and read in one batch for all
 * trainings of a page, but only the page's participants are checked against the row scope: the next `first + 1`
 * after the cursor, then as many more as were hidden, until the page is full. `totalCount` checks them all, only
 * when asked.
 */
export async function participantsOf(ctx: Context, t: TrainingDoc, page: PageArgs): Promise<Connection<TrainingParticipationDoc>> {
  const list = `participants:${t._id}`;
  const { limit, afterId } = pageWindow(page, list);
  const all = await ctx.loaders.participationsByTraining.load(t._id);
  const start = afterId ? all.findIndex((d) => d._id > afterId) : 0;
  const rest = start < 0 ? [] : all.slice(start);
  const docs: TrainingParticipationDoc[] = [];
  for (let i = 0; i < rest.length && docs.length <= limit;) {
    const chunk = rest.slice(i, i + limit + 1 - docs.length);
    const shown = await visible(ctx, chunk);
    chunk.forEach((tp, j) => shown[j] && docs.push(tp));
    i += chunk.length;
  }
  return toConnection(docs, limit, afterId, async () => (await visibleParticipations(ctx, t)).length, list);
}

export async function participantCountOf(ctx: Context, t: TrainingDoc): Promise<number> {
  return (await visibleParticipations(ctx, t)).length;
}

export async function trainingOfParticipation(ctx: Context, tp: TrainingParticipationDoc): Promise<TrainingDoc> {
  const t = await ctx.loaders.training.load(tp.trainingId);
  if (!t) throw new Error(`participation ${tp._id} refers to missing training ${tp.trainingId}`);
  return t;
}

export function personOfParticipation(ctx: Context, tp: TrainingParticipationDoc): Promise<PersonDoc | null> {
  return ctx.loaders.person.load(tp.personId);
}
