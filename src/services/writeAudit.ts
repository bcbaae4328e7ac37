import { WriteAudit, type WriteAuditDoc } from '../db/models/writes';
import { badInput, echo } from '../errors';
import type { Context } from '../server/context';
import { findPage, type Connection, type PageArgs } from './pagination';

/** Changes made to this record, or about this resident or family, newest first. */
export function writeAuditOfSubject(_ctx: Context, id: string, page: PageArgs): Promise<Connection<WriteAuditDoc>> {
  if (!/^[A-Z]{1,3}[0-9A-Z]{6,24}$/.test(id)) throw badInput('id', `${echo(id)} is not a record id (P0000001, H0000001, DQ00000001, VS..., DC..., RF...)`);
  const filter = { $or: [{ subjectId: id }, { personIds: id }, { householdIds: id }] };
  return findPage<WriteAuditDoc>(WriteAudit, filter, page, -1);
}

/** Changes one viewer made, newest first. */
export function writeAuditOfViewer(_ctx: Context, subject: string, page: PageArgs): Promise<Connection<WriteAuditDoc>> {
  if (!/^(user|pilar):[\w.@-]{1,120}$/.test(subject)) throw badInput('subject', `${echo(subject)} is not a viewer name (user:<sub> or pilar:<id>)`);
  return findPage<WriteAuditDoc>(WriteAudit, { viewer: subject }, page, -1);
}
