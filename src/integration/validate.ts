import type { Model } from 'mongoose';
import { Discrepancy, Enrollment, Household, ImportReject, LinkKey, Person, Pilar, Training, TrainingParticipation } from '../db/models';
import { documentRules } from '../db/models/validators';
import { compiledCheck } from './compiledValidation';
import type { WriteOp } from './changeTracking';

/** The model that checks the records the importer writes to each collection. */
export const MODELS: Record<string, Model<any>> = {
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
 *
 * Each record is checked as a plain object: the models' path rules compiled
 * once per model (compiledValidation.ts; a record they do not pass, or cannot
 * judge, goes to `Model.validate`, which casts and runs every path's
 * validators and gives the verdict and its message) plus the schema's
 * document-level rules. Of a
 * record that existed, only the fields the chunk changed are checked
 * (`WriteOp.changedFields`; none when only its lineage text changed, which is
 * free text to the model): the others are the stored values.
 */
export async function validateWrites(ops: readonly WriteOp[]): Promise<void> {
  for (const op of ops) {
    const model = MODELS[op.collection];
    if (!model) continue;
    const check = compiledCheck(model);
    for (const doc of op.docs) {
      try {
        const changed = op.changedFields?.get(String(doc._id));
        // The compiled rules first (compiledValidation.ts); mongoose decides whatever they do not pass.
        if (!changed) {
          if (!check?.(doc)) await model.validate(doc);
        } else if (changed.length > 0 && !check?.(doc, changed)) await model.validate(doc, [...changed]);
      } catch (err) {
        throw new Error(`import produced an invalid ${op.collection} record ${String(doc._id)}: ${(err as Error).message}`, { cause: err });
      }
      for (const rule of documentRules(model.schema)) {
        const broken = rule(doc);
        if (broken) throw new Error(`import produced an invalid ${op.collection} record ${String(doc._id)}: ${broken.path}: ${broken.message}`);
      }
    }
  }
}
