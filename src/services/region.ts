import { Kecamatan, KECAMATAN_CODE, DESA_CODE, type DesaDoc, type KecamatanDoc } from '../db/models/region';
import { badInput, echo } from '../errors';
import type { Loaders } from '../loaders';
import { readOptions } from '../db/request-scope';

export async function listKecamatans(): Promise<KecamatanDoc[]> {
  return Kecamatan.find({}).setOptions(readOptions()).sort({ _id: 1 }).lean<KecamatanDoc[]>();
}

export async function kecamatanByCode(loaders: Loaders, code: string): Promise<KecamatanDoc | null> {
  if (!KECAMATAN_CODE.test(code)) {
    throw badInput('code', `${echo(code)} is not a kecamatan code of Kabupaten Madiun (expected 35.19.NN, e.g. 35.19.01)`);
  }
  return loaders.kecamatan.load(code);
}

export async function desaByCode(loaders: Loaders, code: string): Promise<DesaDoc | null> {
  if (!DESA_CODE.test(code)) {
    throw badInput('code', `${echo(code)} is not a desa code of Kabupaten Madiun (expected 35.19.NN.1NNN or 35.19.NN.2NNN, e.g. 35.19.01.2001)`);
  }
  return loaders.desa.load(code);
}

export async function kecamatanOfDesa(loaders: Loaders, desa: DesaDoc): Promise<KecamatanDoc> {
  const k = await loaders.kecamatan.load(desa.kecamatanCode);
  if (!k) throw new Error(`desa ${desa._id} refers to missing kecamatan ${desa.kecamatanCode}`);
  return k;
}

export async function desaOf(ctx: { loaders: Loaders }, code: string): Promise<DesaDoc> {
  const d = await ctx.loaders.desa.load(code);
  if (!d) throw new Error(`record refers to missing desa ${code}`);
  return d;
}
