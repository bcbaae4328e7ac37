import type { Model } from 'mongoose';
import { ApiKey } from './apiKey';
import { ApiKeyUsage } from './apiKeyUsage';
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
import { TrustedDocument } from './trustedDocument';
import { WriteAudit, WriteJournal, WriteReceipt } from './writes';
import { Referral } from './referral';
import { DataChangeRequest, Visit } from './verval';
import { AidProposal } from './aidProposal';
import { HubId, WriteCounter } from './hubId';
import { TrainingSeat } from './trainingSeats';

export { ApiKey, ApiKeyUsage, AuditEvent, Discrepancy, ImportJournal, ImportReject, ImportRun, ImportState, LinkKey, TrustedDocument };
export { Desa, Enrollment, Household, Kecamatan, Person, Pilar, Programme, Training, TrainingParticipation };
export { DataChangeRequest, Referral, Visit, WriteAudit, WriteJournal, WriteReceipt };
export { AidProposal, HubId, TrainingSeat, WriteCounter };
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
    TrustedDocument,
    ApiKeyUsage,
    // The portals' writes (src/writes/).
    WriteReceipt,
    WriteJournal,
    WriteAudit,
    Referral,
    Visit,
    DataChangeRequest,
    // Aid proposals and training places (src/workflows/aidProposals.ts, src/services/trainingSeats.ts).
    AidProposal,
    TrainingSeat,
    HubId,
    WriteCounter,
    StatisticsCounter,
  ];
}
