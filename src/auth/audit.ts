import { randomBytes } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { AuditEvent, type AuditEventDoc } from '../db/models/auditEvent';
import type { Logger } from '../log';
import type { Viewer } from './viewer';

function addId(set: Set<string>, id: unknown): void {
  if (typeof id === 'string' && id) set.add(id);
}

/** Collects, during one request, whose personal data the response carries. */
export class AuditRecorder {
  readonly personIds = new Set<string>();
  readonly householdIds = new Set<string>();
  readonly fields = new Set<string>();

  /** `key`, when given, is `${type}.${field}` made once by the caller (this runs for every audited field of a response). */
  touch(type: string, row: Record<string, unknown>, field: string, key = `${type}.${field}`): void {
    this.fields.add(key);
    if (type === 'Person') addId(this.personIds, row._id);
    else if (type === 'Household') addId(this.householdIds, row._id);
    else {
      addId(this.personIds, row.personId);
      addId(this.householdIds, row.householdId);
    }
  }

  get empty(): boolean {
    return this.fields.size === 0;
  }

  toEvent(viewer: Viewer, operation: string, requestId: string, at: Date): AuditEventDoc {
    return {
      // Sortable by time, so that pages run newest first by _id alone.
      _id: `${at.getTime().toString(36).padStart(9, '0')}-${randomBytes(6).toString('hex')}`,
      at,
      subject: viewer.subject,
      role: viewer.role,
      operation,
      purpose: viewer.purpose,
      purposeDetail: viewer.purposeDetail,
      requestId,
      personIds: [...this.personIds].sort(),
      householdIds: [...this.householdIds].sort(),
      fields: [...this.fields].sort(),
    };
  }
}

/**
 * Writes audit events in batches, off the request path: a query waits for no
 * audit write. Flushes every second or at 200 events, and on close.
 */
export class AuditWriter {
  private queue: AuditEventDoc[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  written = 0;
  failed = 0;

  constructor(
    private readonly log: Logger,
    private readonly intervalMs = 1000,
    private readonly maxBatch = 200,
  ) {}

  enqueue(event: AuditEventDoc): void {
    this.queue.push(event);
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Writes everything queued so far; resolves when it is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return this.writing;
    this.writing = this.writing.then(async () => {
      try {
        await AuditEvent.insertMany(batch, { ordered: false });
        this.written += batch.length;
      } catch (err) {
        // Never silently: count it and log it. Ids make a retry idempotent.
        this.failed += batch.length;
        this.log.error({ err, events: batch.length }, 'audit: could not write events');
      }
    });
    return this.writing;
  }
}

/** Longest operation name the audit trail keeps; a longer one is cut and marked with an ellipsis. */
export const MAX_OPERATION_LABEL = 100;

function operationLabel(name: string): string {
  return name.length > MAX_OPERATION_LABEL ? `${name.slice(0, MAX_OPERATION_LABEL)}…` : name;
}

/** Records an AuditEvent for every response that returned personal data. */
export function auditPlugin(writer: AuditWriter): ApolloServerPlugin<{ viewer: Viewer; audit: AuditRecorder; requestId: string; now: Date }> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operationName, operation }) {
          if (contextValue.audit.empty) return;
          // The name is the client's label for its operation, not evidence of anything: kept short, never a purpose.
          const op = `${operation?.operation ?? 'query'} ${operationName ? operationLabel(operationName) : '(anonymous)'}`;
          writer.enqueue(contextValue.audit.toEvent(contextValue.viewer, op, contextValue.requestId, contextValue.now));
        },
      };
    },
  };
}
