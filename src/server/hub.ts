import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import type { Config } from '../config';
import { openDatabase, type Database } from '../db/database';
import { firstLoadInterrupted } from '../integration/firstLoad';
import { resumeInterrupted } from '../writes/journal';
import { AuditWriter } from '../auth/audit';
import { ensureRegions } from '../db/reference';
import type { Logger } from '../log';
import { createApollo } from './apollo';
import { contextFactory } from './context';
import { createHttpServer, databaseReachable } from './http';
import { createMetrics } from './metrics';

export interface Hub {
  url: string;
  port: number;
  db: Database;
  /** Stops accepting, finishes in-flight requests, closes the database and the embedded engine. */
  close(): Promise<void>;
}

/**
 * Process-wide mongoose settings that bound every read: maxTimeMS on find,
 * count, distinct and aggregate; and while the server is gone, mongoose's
 * command buffer gives up as soon as server selection would.
 */
function boundDatabaseReads(config: Config): void {
  mongoose.set('maxTimeMS', config.database.maxTimeMs);
  mongoose.set('bufferTimeoutMS', config.database.serverSelectionTimeoutMs);
}

/** How often a hub tries again the interrupted journals an import kept waiting at its start. */
const JOURNAL_RETRY_MS = 2_000;

export interface HubOptions {
  /**
   * Loads the demo regency into an empty database when SIMPUL_SEED_ON_START=demo. The synthetic
   * generator lives in seeds/, which nothing under src/ imports: `npm start` (seeds/start.ts)
   * passes it in.
   */
  demoData?: (log: Logger) => Promise<void>;
}

/** Starts everything: database (embedded or MONGODB_URI), reference data, GraphQL over HTTP. */
export async function startHub(config: Config, log: Logger, options: HubOptions = {}): Promise<Hub> {
  boundDatabaseReads(config);
  const db = await openDatabase(config, log);
  try {
    const metrics = createMetrics(async () => db.engine !== null && (await databaseReachable()));
    const unwatch = metrics.watchDatabase(mongoose.connection.getClient());
    const regions = await ensureRegions();
    log.info(regions, 'reference data: regions ready');
    if (config.seedOnStart === 'demo') {
      if (options.demoData) await options.demoData(log);
      else log.warn('demo data: this entry point has no demo loader (npm start, seeds/start.ts, has one); none loaded');
    }
    // The demo loader loads an interrupted first load again; without it the hub would serve part of one unannounced.
    if (await firstLoadInterrupted()) {
      log.warn(
        'first load: the database holds part of a first load that was interrupted (a seed or demo start stopped midway): persons, families and their counts are incomplete until `npm run seed` (or `npm start` with SIMPUL_SEED_ON_START=demo) loads it again',
      );
    }
    // Writes a crash interrupted midway are finished before the hub serves (src/writes/journal.ts); those that change
    // records an import is writing right now wait for it, tried again every JOURNAL_RETRY_MS until none is left.
    const interrupted = await resumeInterrupted();
    if (interrupted.resumed > 0) log.info({ resumed: interrupted.resumed }, 'writes: interrupted journals finished');
    let waiting = interrupted.waiting;
    let retry: NodeJS.Timeout | undefined;
    if (waiting.length > 0) {
      log.warn({ waiting: waiting.length }, 'writes: interrupted journals that change records an import is writing wait for it to finish');
      let trying = false;
      retry = setInterval(() => {
        if (trying) return;
        trying = true;
        resumeInterrupted(waiting)
          .then((r) => {
            if (r.resumed > 0) log.info({ resumed: r.resumed, waiting: r.waiting.length }, 'writes: interrupted journals finished after the import');
            waiting = r.waiting;
            if (waiting.length === 0) clearInterval(retry);
          })
          .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'writes: interrupted journals could not be finished yet'))
          .finally(() => (trying = false));
      }, JOURNAL_RETRY_MS);
      retry.unref();
    }
    const audit = new AuditWriter(log);
    const apollo = createApollo(config, log, { audit });
    await apollo.start();
    const http = createHttpServer({
      apollo,
      log,
      metrics,
      requestTimeoutMs: config.limits.requestTimeoutMs,
      maxPageSize: config.limits.maxPageSize,
      ide: config.env !== 'production',
      cors: config.cors,
      trustedDocuments: config.trustedDocuments,
      context: contextFactory(config),
    });
    // Slow senders get the same deadline as slow queries.
    http.server.requestTimeout = config.limits.requestTimeoutMs;
    http.server.headersTimeout = Math.min(http.server.headersTimeout, config.limits.requestTimeoutMs);
    http.server.listen(config.port, config.host);
    await once(http.server, 'listening');
    const { port } = http.server.address() as AddressInfo;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
    log.info({ url, port, engine: db.engine ? 'embedded' : 'external', env: config.env }, 'hub listening');
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      db,
      close() {
        closing ??= (async () => {
          log.info({ graceMs: config.shutdownGraceMs }, 'hub close: draining in-flight requests');
          const cut = await http.drain(config.shutdownGraceMs);
          if (cut > 0) log.warn({ cut }, 'hub close: requests still running after the grace period were cut');
          clearInterval(retry);
          await apollo.stop();
          await audit.flush();
          unwatch();
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
