import { inList } from '../db/filters';
import { AuditEvent, type AuditEventDoc } from '../db/models/auditEvent';
import { Person, type PersonDoc } from '../db/models/person';
import { badInput, echo } from '../errors';
import type { Context } from '../context';
import { digitsArg } from './arguments';
import { findPage, type Connection, type PageArgs } from './pagination';
import { readOptions } from '../db/request-scope';

/** Events that returned the personal data of the people with this NIK or of their households, newest first. */
export async function auditTrailOfNik(_ctx: Context, nik: string, page: PageArgs): Promise<Connection<AuditEventDoc>> {
  digitsArg('nik', nik, 'a NIK');
  const people = await Person.find({ nik }, { _id: 1, householdId: 1 }).setOptions(readOptions()).lean<Pick<PersonDoc, '_id' | 'householdId'>[]>();
  if (people.length === 0) return findPage<AuditEventDoc>(AuditEvent, null, page, -1);
  const households = people.map((p) => p.householdId).filter((h): h is string => h !== null);
  const filter = {
    $or: [{ personIds: inList(people.map((p) => p._id)) }, ...(households.length ? [{ householdIds: inList(households) }] : [])],
  };
  return findPage<AuditEventDoc>(AuditEvent, filter, page, -1);
}

export function auditOfViewer(_ctx: Context, subject: string, page: PageArgs): Promise<Connection<AuditEventDoc>> {
  if (!/^(user|pilar|apikey):[\w.@-]{1,120}$|^anonymous$/.test(subject)) {
    throw badInput('subject', `${echo(subject)} is not a viewer name (user:<sub>, pilar:<id>, apikey:<id> or anonymous)`);
  }
  return findPage<AuditEventDoc>(AuditEvent, { subject }, page, -1);
}
