import type { Resolvers } from '../src/generated/graphql';
import { regionResolvers } from './region';

const domains = [regionResolvers];

/** Merges the resolvers of every domain, refusing two domains that claim one field. */
function merge(parts: Record<string, Record<string, unknown>>[]): Resolvers {
  const out: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) {
      const target = (out[type] ??= {});
      for (const [field, fn] of Object.entries(fields)) {
        if (field in target) throw new Error(`resolver ${type}.${field} is defined twice`);
        target[field] = fn;
      }
    }
  }
  return out as Resolvers;
}

export const resolvers: Resolvers = merge(domains as unknown as Record<string, Record<string, unknown>>[]);
