import type { Model } from 'mongoose';
import { argumentDenial, forbiddenArgument } from '../auth/arguments';
import { forbiddenWrite, mayWrite } from '../auth/decide';
import { writeProgrammes, type WriteAction } from '../auth/matrix';
import { rowFilter, withScope, type ScopedCollection } from '../auth/scope';
import type { Viewer } from '../auth/viewer';
import { Discrepancy } from '../db/models/discrepancy';
import { Household } from '../db/models/household';
import { Person } from '../db/models/person';
import { ErrorCode } from '../errors';
import { GraphQLError } from 'graphql';
import { notFound } from './validate';

/*
 * The checks every write makes, derived from the two matrices (src/auth/matrix.ts, writeMatrix.ts):
 * - the action: the shield rule of the mutation already refused a role the write matrix says no to (FORBIDDEN);
 *   `requireAction` repeats it for callers that are not a resolver (commands, tests of services);
 * - the subject: read through the viewer's row filter, so a subject outside its scope answers NOT_FOUND exactly like
 *   one that does not exist (a write never confirms a record the viewer may not see);
 * - the values: a viewer may write or propose only values of fields it may read in full (`requireReadable`);
 * - the programme: a population cell limited to programmes (PENDAMPING_PKH: PKH only) refuses others (FORBIDDEN).
 */

export function requireAction(viewer: Viewer, action: WriteAction): void {
  if (!mayWrite(viewer, action)) throw forbiddenWrite(viewer, action);
}

const MODELS: Record<'persons' | 'households' | 'discrepancies', Model<any>> = { persons: Person, households: Household, discrepancies: Discrepancy };
const WHAT: Record<string, string> = { persons: 'person', households: 'household', discrepancies: 'discrepancy' };

/**
 * The subject of a write as the viewer sees it (lean), or NOT_FOUND naming the input (`field`). `collection` is one of
 * the scoped collections; other collections scope through the subject they are about (a request through its person).
 */
export async function subjectInScope<T>(viewer: Viewer, collection: 'persons' | 'households' | 'discrepancies', id: string, field: string, now: Date): Promise<T> {
  const filter = withScope({ _id: id }, rowFilter(viewer, collection as ScopedCollection, now));
  const doc = filter === null ? null : await MODELS[collection].findOne(filter).lean<T>();
  if (!doc) throw notFound(field, WHAT[collection]!, id);
  return doc;
}

/**
 * A value the viewer writes or proposes reveals the field it goes to as surely as reading it: FORBIDDEN naming the input
 * (`input.observed.phone`) unless the viewer reads that field (`Person.phone`) in full.
 */
export function requireReadable(viewer: Viewer, inputPath: string, of: string, fields: readonly string[]): void {
  const denial = argumentDenial(viewer, { reveals: fields }, null);
  if (denial) throw forbiddenArgument(viewer, inputPath, of, denial.field, denial.decision);
}

/** FORBIDDEN naming the input when the role's cell limits this action to programmes that do not include this one. */
export function requireProgramme(viewer: Viewer, action: WriteAction, programme: string, field: string): void {
  const allowed = writeProgrammes(viewer.role, action);
  if (allowed && !allowed.includes(programme)) {
    throw new GraphQLError(`${field}: your role (${viewer.role}) may act on ${allowed.join(', ')} only`, { extensions: { code: ErrorCode.FORBIDDEN, field, argument: field } });
  }
}
