import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { auditPlugin, type AuditWriter } from '../auth/audit';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Context } from './context';
import { createFormatError } from './format-error';
import { contractIntrospectionPlugin } from './introspection';
import { costPlugin, limitRules } from './limits';
import { noStorePlugin } from './no-store';
import { rowReadsPlugin } from './row-reads';
import { buildSchema } from './schema';
import { telemetryPlugin } from './telemetry';

export interface ApolloOptions {
  /** Replaceable so tests can put the same guards in front of a schema with mutations or slow fields. */
  schema?: GraphQLSchema;
  /** Where audit events go (src/auth/audit.ts); without it nothing is audited. */
  audit?: AuditWriter;
}

/** Apollo with the hub's guards (docs/security.md). */
export function createApollo(config: Config, log: Logger, options: ApolloOptions = {}): ApolloServer<Context> {
  const production = config.env === 'production';
  const limitOptions = { ignoreIntrospection: !production };
  return new ApolloServer<Context>({
    schema: options.schema ?? buildSchema(),
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    hideSchemaDetailsFromClientErrors: production,
    formatError: createFormatError(production),
    // The parser stops at the limit: a huge or malformed document is a 400, never work for the server.
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: limitRules(config.limits, limitOptions),
    allowBatchedHttpRequests: false,
    // No automatic persisted queries: a client could register any document by sending it with its hash. Requests by
    // hash run the documents registered with `npm run documents` (src/server/trusted-documents.ts).
    persistedQueries: false,
    csrfPrevention: true,
    // The hub owns the life cycle (src/cli/serve.ts): Apollo must not race it on SIGTERM.
    stopOnTerminationSignals: false,
    plugins: [
      // Apollo's default landing page loads from a CDN; the hub serves its own IDE (src/server/ide.ts).
      ApolloServerPluginLandingPageDisabled(),
      // No per-field cache-control hook: the schema has no cache hints, every answer is no-store (src/server/no-store.ts).
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin<Context>(),
      // Persons and households read with only the stored fields the query can need (src/loaders/projection.ts).
      rowReadsPlugin(),
      costPlugin<Context>(config.limits, limitOptions),
      // Introspection shows the caller's own contract (development; production has introspection off).
      ...(production ? [] : [contractIntrospectionPlugin()]),
      telemetryPlugin(log),
      ...(options.audit ? [auditPlugin(options.audit)] : []),
    ],
  });
}
