import DataLoader from 'dataloader';
import { Desa, Kecamatan, type DesaDoc, type KecamatanDoc } from '../db/models/region';
import { oneOf } from '../db/filters';

const MAX_BATCH = 500;

export function kecamatanLoader(): DataLoader<string, KecamatanDoc | null> {
  return new DataLoader(
    async (codes) => {
      const docs = await Kecamatan.find({ _id: oneOf(codes) }).lean<KecamatanDoc[]>();
      const byCode = new Map(docs.map((d) => [d._id, d]));
      return codes.map((c) => byCode.get(c) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

export function desaLoader(): DataLoader<string, DesaDoc | null> {
  return new DataLoader(
    async (codes) => {
      const docs = await Desa.find({ _id: oneOf(codes) }).lean<DesaDoc[]>();
      const byCode = new Map(docs.map((d) => [d._id, d]));
      return codes.map((c) => byCode.get(c) ?? null);
    },
    { maxBatchSize: MAX_BATCH },
  );
}

export function desasByKecamatanLoader(): DataLoader<string, DesaDoc[]> {
  return new DataLoader(
    async (codes) => {
      const docs = await Desa.find({ kecamatanCode: oneOf(codes) })
        .sort({ _id: 1 })
        .lean<DesaDoc[]>();
      const grouped = new Map<string, DesaDoc[]>(codes.map((c) => [c, []]));
      for (const d of docs) grouped.get(d.kecamatanCode)?.push(d);
      return codes.map((c) => grouped.get(c) ?? []);
    },
    { maxBatchSize: MAX_BATCH },
  );
}
