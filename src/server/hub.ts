import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config';
import { openDatabase, type Database } from '../db/database';
import { ensureDemoData } from '../db/demo';
import { ensureRegions } from '../db/reference';
import type { Logger } from '../log';
import { createApollo } from './apollo';
import { createHttpServer } from './http';

export interface Hub {
  url: string;
  port: number;
  db: Database;
  /** Stops accepting, finishes in-flight requests, closes the database and the embedded engine. */
  close(): Promise<void>;
}

/** Starts everything: database (embedded or MONGODB_URI), reference data, GraphQL over HTTP. */
export async function startHub(config: Config, log: Logger): Promise<Hub> {
  const db = await openDatabase(config, log);
  try {
    const regions = await ensureRegions();
    log.info(regions, 'reference data: regions ready');
    if (config.seedOnStart === 'demo') await ensureDemoData(log);
    const apollo = createApollo(config);
    await apollo.start();
    const server = createHttpServer(apollo, log);
    server.listen(config.port, config.host);
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
    log.info({ url, port, engine: db.engine ? 'embedded' : 'external' }, 'hub listening');
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      db,
      close() {
        closing ??= (async () => {
          log.debug('hub close: http');
          await new Promise<void>((r) => server.close(() => r()));
          log.debug('hub close: apollo');
          await apollo.stop();
          log.debug('hub close: database');
          await db.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
