import { writeAuditOfSubject } from './Query/writeAuditOfSubject';
import { writeAuditOfViewer } from './Query/writeAuditOfViewer';
import { WriteAuditEntry } from './WriteAuditEntry';

/** The write audit of the portals' mutations (schema/writes.graphql). */
export const writesResolvers = {
  Query: { writeAuditOfSubject, writeAuditOfViewer },
  WriteAuditEntry,
  WriteAuditConnection: { totalCount: (c: { count: () => Promise<number> }) => c.count() },
};
