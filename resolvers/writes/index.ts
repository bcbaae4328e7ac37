import { writeAuditOfSubject } from './Query/writeAuditOfSubject';
import { writeAuditOfViewer } from './Query/writeAuditOfViewer';
import { WriteAuditEntry } from './WriteAuditEntry';

/** The write audit of the portals' mutations (schema/writes.graphql). */
export const writesResolvers = {
  Query: { writeAuditOfSubject, writeAuditOfViewer },
  WriteAuditEntry,
};
