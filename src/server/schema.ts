import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from '../../resolvers';
import { applyPermissions } from '../auth/permissions';
import { PROJECT_ROOT } from '../config';

export const SCHEMA_DIR = join(PROJECT_ROOT, 'schema');

/** The SDL of every domain, in file-name order (base.graphql declares Query). */
export function readTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(SCHEMA_DIR, f), 'utf8'));
}

/** The schema without authorization: for the permission docs and tests of the matrix. */
export function buildBareSchema(): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: readTypeDefs(),
    resolvers: resolvers as Parameters<typeof makeExecutableSchema>[0]['resolvers'],
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
}

/** The served schema: every field behind the permission matrix (deny by default). */
export function buildSchema(): GraphQLSchema {
  return applyPermissions(buildBareSchema());
}
