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
import { StatisticsCounter } from './statisticsCounter';
import { Training, TrainingParticipation } from './training';

export { ApiKey, AuditEvent, Discrepancy, ImportJournal, ImportReject, ImportRun, ImportState, LinkKey };
export { Desa, Enrollment, Household, Kecamatan, Person, Pilar, Programme, Training, TrainingParticipation };
export { StatisticsCounter };

/**
 * Every model of the hub, for collection and index creation at start (autoIndex
 * is off: src/db/connection.ts) and test clean-up. A model left out here has
 * its indexes never built; tests/db/indexes.test.ts fails for any registered
 * model missing from this list.
 */
export function allModels(): Model<any>[] {
  return [
    Kecamatan,
    Desa,
    Person,
    Household,
    Programme,
    Enrollment,
    Training,
    TrainingParticipation,
    Pilar,
    Discrepancy,
    ImportRun,
    ImportReject,
    ImportJournal,
    LinkKey,
    ImportState,
    AuditEvent,
    ApiKey,
    StatisticsCounter,
  ];
}
