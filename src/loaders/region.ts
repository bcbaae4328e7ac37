import type DataLoader from 'dataloader';
import { Desa, Kecamatan, type DesaDoc, type KecamatanDoc } from '../db/models/region';
import { byIdLoader, groupLoader } from './batch';

export const kecamatanLoader = (): DataLoader<string, KecamatanDoc | null> => byIdLoader<KecamatanDoc>(Kecamatan);
export const desaLoader = (): DataLoader<string, DesaDoc | null> => byIdLoader<DesaDoc>(Desa);
export const desasByKecamatanLoader = (): DataLoader<string, DesaDoc[]> => groupLoader<DesaDoc>(Desa, 'kecamatanCode');
