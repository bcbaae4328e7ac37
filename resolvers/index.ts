import type { Resolvers } from '../src/generated/graphql';
import { apiKeyResolvers } from './apikey';
import { aidProposalResolvers } from './aidProposal';
import { auditResolvers } from './audit';
import { baseResolvers } from './base';
import { householdResolvers } from './household';
import { integrationResolvers } from './integration';
import { personResolvers } from './person';
import { pilarResolvers } from './pilar';
import { programmeResolvers } from './programme';
import { regionResolvers } from './region';
import { statisticsResolvers } from './statistics';
import { trainingResolvers } from './training';
import { viewerResolvers } from './viewer';
import { trainingRegistrationResolvers } from './trainingRegistration';
import { worklistResolvers } from './worklist';
import { vervalResolvers } from './verval';
import { writesResolvers } from './writes';

const domains: object[] = [
  baseResolvers,
  regionResolvers,
  personResolvers,
  householdResolvers,
  programmeResolvers,
  trainingResolvers,
  pilarResolvers,
  statisticsResolvers,
  auditResolvers,
  integrationResolvers,
  viewerResolvers,
  apiKeyResolvers,
  aidProposalResolvers,
  trainingRegistrationResolvers,
  worklistResolvers,
  writesResolvers,
  vervalResolvers,
];

/** Merges the resolvers of every domain, refusing two domains that claim one field. */
function merge(parts: object[]): Resolvers {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [type, value] of Object.entries(part)) {
      if (typeof value !== 'object' || value === null || value.constructor !== Object) {
        if (type in out) throw new Error(`resolver ${type} is defined twice`);
        out[type] = value; // a scalar
        continue;
      }
      const target = (out[type] ??= {}) as Record<string, unknown>;
      for (const [field, fn] of Object.entries(value)) {
        if (field in target) throw new Error(`resolver ${type}.${field} is defined twice`);
        target[field] = fn;
      }
    }
  }
  return out as Resolvers;
}

export const resolvers: Resolvers = merge(domains);
