import type { GraphQLObjectType, GraphQLResolveInfo } from 'graphql';
import { ROW_SCOPE } from '../../src/auth/matrix';
import { anonymousViewer, EMPTY_AREA, officeViewer, type Viewer } from '../../src/auth/viewer';
import { createContext } from '../../src/server/context';
import { buildSchema } from '../../src/server/schema';

/*
 * The permission layer on a field the matrix allows adds no promise when the field's resolver answers at once (an id,
 * a name): graphql-shield wrapped every field in one, and a nested page resolves thousands (issue 12). Same decisions,
 * masks, audit notes and errors as before.
 */

describe('the served schema resolving one field', () => {
  const schema = buildSchema();
  const field = (type: string, name: string) => (schema.getType(type) as GraphQLObjectType).getFields()[name]!;
  const info = (type: string, name: string) => ({ fieldName: name, parentType: schema.getType(type), returnType: field(type, name).type }) as unknown as GraphQLResolveInfo;
  const resolve = (viewer: Viewer, type: string, name: string, parent: Record<string, unknown>) => {
    const ctx = createContext('r1', viewer, 'k'.repeat(40));
    return { ctx, value: field(type, name).resolve!(parent, {}, ctx, info(type, name)) };
  };
  const admin = officeViewer('ADMIN', 'user:admin');
  const tksk: Viewer = { subject: 'user:tksk', role: 'TKSK', pilarId: null, area: EMPTY_AREA, scope: ROW_SCOPE.TKSK, partner: null, purpose: null, purposeDetail: null };
  const person = { _id: 'P1', fullName: 'Siti Aminah', nik: '3519010101900001', householdId: 'H1' };

  it('answers a field the matrix allows and a synchronous resolver gives at once, not as a promise, and notes it for the audit', () => {
    const { ctx, value } = resolve(admin, 'Person', 'fullName', person);
    expect(value).toBe('Siti Aminah');
    expect(resolve(admin, 'Household', 'id', { _id: 'H1' }).value).toBe('H1');
    expect(resolve(admin, 'TrainingParticipation', 'id', { _id: 'TP1' }).value).toBe('TP1');
    expect(ctx.audit.empty).toBe(false);
  });

  it('masks a number for a role that reads it masked, at once', () => {
    const { value } = resolve(tksk, 'Person', 'nik', person);
    expect(typeof value).toBe('string');
    expect(value).not.toBe(person.nik);
    expect(resolve(admin, 'Person', 'nik', person).value).toBe(person.nik);
  });

  it('refuses a denied field with the matrix error: UNAUTHENTICATED for an anonymous caller, FORBIDDEN for a role without the group', () => {
    const code = (viewer: Viewer, type: string, name: string) => {
      try {
        const { value } = resolve(viewer, type, name, person);
        return value instanceof Error ? (value as any).extensions.code : `answered ${String(value)}`;
      } catch (e) {
        return (e as any).extensions.code;
      }
    };
    expect(code(anonymousViewer(), 'Person', 'fullName')).toBe('UNAUTHENTICATED');
    expect(code(tksk, 'Person', 'phone')).toBe('FORBIDDEN');
  });
});
