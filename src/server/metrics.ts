import type { mongo } from 'mongoose';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Operation labels come from the schema (telemetry.ts operationLabel), and are capped all the same: past this many, the rest count as `other`. */
const MAX_OPERATION_LABELS = 200;

export interface RequestObservation {
  /** The resolved operation's label (telemetry.ts operationLabel); null when the request was refused before an operation was resolved. */
  operation: string | null;
  outcome: string;
  seconds: number;
  errorCodes: readonly string[];
}

export interface Metrics {
  registry: Registry;
  observeRequest(o: RequestObservation): void;
  /** Counts the driver's commands; returns the unsubscribe function. */
  watchDatabase(client: mongo.MongoClient): () => void;
}

let processMetrics: Registry | undefined;

/**
 * The process's own metrics (CPU, memory, handles, event-loop delay, GC), made once per process and shared by its hubs:
 * they describe the process, not a hub, and prom-client's collectors start a GC observer and an event-loop monitor that
 * nothing ever stops, so one set per hub would leave both behind each closed hub (the bench and the tests start many).
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, prefix: 'simpul_' });
  }
  return processMetrics;
}

/**
 * One registry per hub (tests run several hubs in one process), exposed at
 * GET /metrics in Prometheus text format, holding the hub's metrics and the process's (shared, see processRegistry).
 * `engineUp` tells whether the embedded engine this hub started answers right now (always false without one).
 */
export function createMetrics(engineUp: () => Promise<boolean> = async () => false): Metrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'simpul_graphql_requests_total',
    help: 'GraphQL requests answered, by operation (type and root fields, e.g. query:persons) and outcome (ok, error, timeout, aborted)',
    labelNames: ['operation', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'simpul_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL request to answering it, by operation (type and root fields)',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'simpul_graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const commands = new Counter({
    name: 'simpul_db_commands_total',
    help: 'Database commands sent by the driver, by command name and outcome (ok, failed)',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const commandLatency = new Histogram({
    name: 'simpul_db_command_duration_seconds',
    help: 'Database command round-trip time, by command name',
    labelNames: ['command'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'simpul_embedded_engine_up',
    help: '1 while the embedded engine started by this hub answers; 0 while it does not (crashed, restarting) and when MONGODB_URI names a server',
    registers: [registry],
    // Asked at every scrape, not remembered from the start: an engine that comes back on its port counts as up again.
    async collect() {
      this.set((await engineUp()) ? 1 : 0);
    },
  });

  const seen = new Set<string>();
  const operationLabel = (name: string | null): string => {
    if (!name) return '(unresolved)';
    if (seen.has(name)) return name;
    if (seen.size >= MAX_OPERATION_LABELS) return 'other';
    seen.add(name);
    return name;
  };

  return {
    registry: Registry.merge([processRegistry(), registry]),
    observeRequest(o) {
      const operation = operationLabel(o.operation);
      requests.inc({ operation, outcome: o.outcome });
      latency.observe({ operation }, o.seconds);
      for (const code of o.errorCodes) errors.inc({ code });
    },
    watchDatabase(client) {
      const succeeded = (e: { commandName: string; duration: number }) => {
        commands.inc({ command: e.commandName, outcome: 'ok' });
        commandLatency.observe({ command: e.commandName }, e.duration / 1000);
      };
      const failed = (e: { commandName: string; duration: number }) => {
        commands.inc({ command: e.commandName, outcome: 'failed' });
        commandLatency.observe({ command: e.commandName }, e.duration / 1000);
      };
      client.on('commandSucceeded', succeeded);
      client.on('commandFailed', failed);
      return () => {
        client.off('commandSucceeded', succeeded);
        client.off('commandFailed', failed);
      };
    },
  };
}
