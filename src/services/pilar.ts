import type { PilarRole } from '../domain/records';
import { rowFilter, withScope } from '../auth/scope';
import { Pilar, type PilarDoc } from '../db/models/pilar';
import type { DesaDoc, KecamatanDoc } from '../db/models/region';
import type { Context } from '../context';
import { desaArg, idArg, kecamatanArg } from './arguments';
import { findPage, type Connection, type PageArgs } from './pagination';
import mongoose from 'mongoose';

export interface PilarFilterArgs {
  role?: PilarRole | null;
  kecamatanCode?: string | null;
  desaCode?: string | null;
  active?: boolean | null;
}

export function pilarById(ctx: Context, id: string): Promise<PilarDoc | null> {
  return ctx.loaders.pilar.load(idArg('pilar', 'id', id));
}

export function pilarFilter(f: PilarFilterArgs | null | undefined): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (!f) return q;
  if (f.role != null) q.role = f.role;
  if (f.active != null) q.active = f.active;
  if (f.kecamatanCode != null) {
    const code = kecamatanArg('filter.kecamatanCode', f.kecamatanCode);
    // Assigned to the kecamatan itself, or to one of its desa.
    q.$or = [{ kecamatanCodes: code }, { desaCodes: mongoose.trusted({ $regex: `^${code.replace(/\./g, '\\.')}\\.` }) }];
  }
  if (f.desaCode != null) q.desaCodes = desaArg('filter.desaCode', f.desaCode);
  return q;
}

export function listPilars(ctx: Context, filter: PilarFilterArgs | null | undefined, page: PageArgs): Promise<Connection<PilarDoc>> {
  return findPage<PilarDoc>(Pilar, withScope(pilarFilter(filter), rowFilter(ctx.viewer, 'pilar', ctx.now)), page);
}

export async function kecamatansOfPilar(ctx: Context, p: PilarDoc): Promise<KecamatanDoc[]> {
  return (await ctx.loaders.kecamatan.loadMany(p.kecamatanCodes)).filter((k): k is KecamatanDoc => k !== null && !(k instanceof Error));
}

export async function desasOfPilar(ctx: Context, p: PilarDoc): Promise<DesaDoc[]> {
  return (await ctx.loaders.desa.loadMany(p.desaCodes)).filter((d): d is DesaDoc => d !== null && !(d instanceof Error));
}
