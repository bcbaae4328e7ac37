import type {
  AuditEventConnectionResolvers,
  DiscrepancyConnectionResolvers,
  EnrollmentConnectionResolvers,
  HouseholdConnectionResolvers,
  ImportRunConnectionResolvers,
  PersonConnectionResolvers,
  PilarConnectionResolvers,
  RejectedRowConnectionResolvers,
  TrainingConnectionResolvers,
  TrainingParticipationConnectionResolvers,
} from '../../src/generated/graphql';

// The total is counted only when a client asks for it.
export const PersonConnection: PersonConnectionResolvers = { totalCount: (c) => c.count() };
export const HouseholdConnection: HouseholdConnectionResolvers = { totalCount: (c) => c.count() };
export const EnrollmentConnection: EnrollmentConnectionResolvers = { totalCount: (c) => c.count() };
export const TrainingConnection: TrainingConnectionResolvers = { totalCount: (c) => c.count() };
export const TrainingParticipationConnection: TrainingParticipationConnectionResolvers = { totalCount: (c) => c.count() };
export const PilarConnection: PilarConnectionResolvers = { totalCount: (c) => c.count() };
export const AuditEventConnection: AuditEventConnectionResolvers = { totalCount: (c) => c.count() };
export const ImportRunConnection: ImportRunConnectionResolvers = { totalCount: (c) => c.count() };
export const RejectedRowConnection: RejectedRowConnectionResolvers = { totalCount: (c) => c.count() };
export const DiscrepancyConnection: DiscrepancyConnectionResolvers = { totalCount: (c) => c.count() };
