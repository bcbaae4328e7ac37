import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from '../config';
import type { Context } from './context';
import { buildSchema } from './schema';

export function createApollo(config: Config): ApolloServer<Context> {
  const production = config.env === 'production';
  return new ApolloServer<Context>({
    schema: buildSchema(),
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    hideSchemaDetailsFromClientErrors: production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    // The hub owns the life cycle (src/cli/serve.ts): Apollo must not race it on SIGTERM.
    stopOnTerminationSignals: false,
    // Apollo's default landing page loads from a CDN; offices and CI have no internet.
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
}
