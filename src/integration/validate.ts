import type { Model } from 'mongoose';
import { Discrepancy, Enrollment, Household, ImportReject, LinkKey, Person, Pilar, Training, TrainingParticipation } from '../db/models';
import { documentRules } from '../db/models/validators';
import type { WriteOp } from './changeTracking';

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
 *
 * Each record is checked as a plain object (`Model.validate`: casts and runs
 * every path's validators) plus the schema's document-level rules, rather than
 * through a whole mongoose document: the same rules at about a third of the
 * cost, which was the largest part of the importer's own CPU time. Of a
 * record that existed, only the fields the chunk changed are checked
 * (`WriteOp.changedFields`; none when only its lineage text changed, which is
 * free text to the model): the others are the stored values.
 */
export async function validateWrites(ops: readonly WriteOp[]): Promise<void> {
  for (const op of ops) {
    const model = MODELS[op.collection];
    if (!model) continue;
    for (const doc of op.docs) {
      try {
        const changed = op.changedFields?.get(String(doc._id));
        if (!changed) await model.validate(doc);
        else if (changed.length > 0) await model.validate(doc, [...changed]);
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
