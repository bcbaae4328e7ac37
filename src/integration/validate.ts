import type { Model } from 'mongoose';
import { Discrepancy, Enrollment, Household, ImportReject, LinkKey, Person, Pilar, Training, TrainingParticipation } from '../db/models';
import type { WriteOp } from './tracked';

const MODELS: Record<string, Model<any>> = {
  persons: Person,
  households: Household,
  enrollments: Enrollment,
  trainings: Training,
  trainingParticipations: TrainingParticipation,
  pilar: Pilar,
  discrepancies: Discrepancy,
  linkKeys: LinkKey,
  importRejects: ImportReject,
};

/**
 * Runs the models' rules on every record a chunk is about to write: the
 * importer writes through the native driver for speed, and a record the
 * models would refuse means a bug in the pipeline, which stops the import
 * before anything of the chunk is written.
 */
export async function validateWrites(ops: readonly WriteOp[]): Promise<void> {
  for (const op of ops) {
    const model = MODELS[op.collection];
    if (!model) continue;
    for (const doc of op.docs) {
      try {
        await new model(doc).validate();
      } catch (err) {
        throw new Error(`import produced an invalid ${op.collection} record ${String(doc._id)}: ${(err as Error).message}`);
      }
    }
  }
}
