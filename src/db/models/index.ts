import type { Model } from 'mongoose';
import { ApiKey } from './apiKey';
import { AuditEvent } from './auditEvent';
import { Discrepancy } from './discrepancy';
import { Household } from './household';
import { ImportJournal, ImportReject, ImportRun } from './importRun';
import { ImportState, LinkKey } from './linkKey';
import { Person } from './person';
import { Pilar } from './pilar';
import { Enrollment, Programme } from './programme';
import { Desa, Kecamatan } from './region';
import { Training, TrainingParticipation } from './training';

export { Discrepancy, ImportJournal, ImportReject, ImportRun, ImportState, LinkKey };
export { Desa, Enrollment, Household, Kecamatan, Person, Pilar, Programme, Training, TrainingParticipation };

/** Every model of the hub, for index creation and test clean-up. */
export function allModels(): Model<any>[] {
  return [Kecamatan, Desa, Person, Household, Programme, Enrollment, Training, TrainingParticipation, Pilar, Discrepancy, ImportRun, ImportReject, ImportJournal, LinkKey, ImportState, AuditEvent, ApiKey];
}
