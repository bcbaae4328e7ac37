import type { Model } from 'mongoose';
import { AidIndex } from '../src/domain/aid';
import { nameSearchKeys } from '../src/domain/names';
import type { Regency } from './regency';
import { Enrollment, Household, Person, Pilar, Programme, Training, TrainingParticipation } from '../src/db/models';

const BATCH = 2000;

export interface LoadProgress {
  collection: string;
  written: number;
  total: number;
}

async function insertAll(model: Model<any>, docs: readonly object[], onProgress?: (p: LoadProgress) => void): Promise<void> {
  for (let i = 0; i < docs.length; i += BATCH) {
    // Validated inserts: seed builders get the same model rules as every other writer.
    await model.insertMany(docs.slice(i, i + BATCH), { ordered: true });
    onProgress?.({ collection: model.collection.collectionName, written: Math.min(i + BATCH, docs.length), total: docs.length });
  }
}

/**
 * Writes a generated regency into an empty database through the models (test
 * builders and the demo start; source files go through the importers instead).
 */
export async function loadRegency(regency: Regency, onProgress?: (p: LoadProgress) => void): Promise<void> {
  const aid = new AidIndex(regency.enrollments);
  await insertAll(Programme, regency.programmes, onProgress);
  await insertAll(
    Household,
    regency.households.map((h) => ({ ...h, aid: aid.household(h._id) })),
    onProgress,
  );
  const desil = new Map(regency.households.map((h) => [h._id, h.desil ?? null]));
  await insertAll(
    Person,
    regency.persons.map((p) => ({
      ...p,
      aid: aid.person(p._id, p.householdId),
      nameKeys: nameSearchKeys(p.fullName),
      householdDesil: p.householdId ? (desil.get(p.householdId) ?? null) : null,
    })),
    onProgress,
  );
  await insertAll(Enrollment, regency.enrollments, onProgress);
  await insertAll(Training, regency.trainings, onProgress);
  await insertAll(TrainingParticipation, regency.participations, onProgress);
  await insertAll(Pilar, regency.pilar, onProgress);
}

/** Whether the database already holds people (a start then loads nothing). */
export async function hasPeople(): Promise<boolean> {
  return (await Person.estimatedDocumentCount()) > 0;
}
