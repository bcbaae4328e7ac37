import { regionReference } from '../reference/regions';
import { Desa, Kecamatan } from './models';

/**
 * Loads the regions of Kabupaten Madiun. Upserts by code, so it is safe on every
 * start: the first start inserts 15 kecamatan and 206 desa, later ones change nothing.
 */
export async function ensureRegions(): Promise<{ kecamatans: number; desas: number }> {
  const ref = regionReference();
  const [k, d] = await Promise.all([Kecamatan.estimatedDocumentCount(), Desa.estimatedDocumentCount()]);
  if (k === ref.kecamatans.length && d === ref.desas.length) return { kecamatans: k, desas: d };
  await Kecamatan.bulkWrite(
    ref.kecamatans.map((x) => ({
      updateOne: { filter: { _id: x.code }, update: { $set: { name: x.name } }, upsert: true },
    })),
    { ordered: false },
  );
  await Desa.bulkWrite(
    ref.desas.map((x) => ({
      updateOne: {
        filter: { _id: x.code },
        update: { $set: { name: x.name, kecamatanCode: x.kecamatanCode, kind: x.kind } },
        upsert: true,
      },
    })),
    { ordered: false },
  );
  return { kecamatans: ref.kecamatans.length, desas: ref.desas.length };
}
