import type DataLoader from 'dataloader';
import { importRunScope, rowFilter } from '../auth/scope';
import type { Viewer } from '../auth/viewer';
import { Discrepancy, type DiscrepancyDoc } from '../db/models/discrepancy';
import { ImportRun, type ImportRunDoc } from '../db/models/importRun';
import { byIdLoader } from './batch';

export const importRunLoader = (viewer: Viewer): DataLoader<string, ImportRunDoc | null> => byIdLoader<ImportRunDoc>(ImportRun, importRunScope(viewer));

/** Discrepancies carry the desa and kecamatan of their person or family, so the area scope applies as to persons. */
export const discrepancyLoader = (viewer: Viewer, now: Date): DataLoader<string, DiscrepancyDoc | null> =>
  byIdLoader<DiscrepancyDoc>(Discrepancy, rowFilter(viewer, 'discrepancies', now));
