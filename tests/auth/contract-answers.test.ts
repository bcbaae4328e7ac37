import { buildSchema, getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { roleContractSdl } from '../../src/auth/contractSdl';
import type { Role } from '../../src/auth/matrix';
import { buildBareSchema } from '../../src/server/schema';
import type { Regency } from '../../seeds/regency';
import { isYouth } from './fixture';
import { useRegencyHub } from '../helpers/useHub';

/*
 * A contract lists only what will answer: every field of Person and Household a role's contract keeps answers without
 * FORBIDDEN for that role, on rows it sees; a field the contract leaves out is FORBIDDEN.
 */
const hub = useRegencyHub('small');

const schema = buildBareSchema();

/** Every field of a type in the contract, objects selected by `__typename` (their own fields are checked on their type). */
function selection(type: GraphQLObjectType): string {
  return Object.values(type.getFields())
    .filter((f) => f.args.every((a) => !a.type.toString().endsWith('!')))
    .map((f) => (isObjectType(getNamedType(f.type)) ? `${f.name} { __typename }` : f.name))
    .join(' ');
}

const cases = (): [Role, Record<string, string[]>][] => {
  const r = require('./fixture').authRegency() as Regency;
  return [
    ['PSM', { desa: [r.households[0]!.desaCode] }],
    ['TKSK', { kecamatan: [r.households[0]!.kecamatanCode] }],
    ['TAGANA', { kecamatan: [r.households[0]!.kecamatanCode] }],
    ['KARANG_TARUNA', { desa: [r.persons.find((p) => isYouth(p, new Date()))!.desaCode] }],
    ['PENDAMPING_REHSOS', {}],
  ];
};

describe.each(cases())('the contract of a %s', (role, area) => {
  it('answers every Person and Household field it keeps, and refuses one it leaves out', async () => {
    const contract = buildSchema(roleContractSdl(schema, role));
    const person = contract.getType('Person') as GraphQLObjectType;
    const household = contract.getType('Household') as GraphQLObjectType | undefined;
    const query = `{ persons(first: 5) { edges { node { ${selection(person)} } } } ${household && contract.getQueryType()!.getFields().households ? `households(first: 5) { edges { node { ${selection(household)} } } }` : ''} }`;
    const { status, body } = await hub.postAs({ role: role as never, ...area }, query);
    expect(status).toBe(200);
    expect((body.errors ?? []).map((e: any) => `${e.path?.join('.')} ${e.extensions?.code}`)).toEqual([]);
    expect(body.data.persons.edges.length).toBeGreaterThan(0);
    const full = (schema.getType('Person') as GraphQLObjectType).getFields();
    const left = Object.values(full).find((f) => !person.getFields()[f.name] && f.args.length === 0)!;
    const denied = await hub.postAs(
      { role: role as never, ...area },
      `{ persons(first: 1) { edges { node { id ${left.name}${isObjectType(getNamedType(left.type)) ? ' { __typename }' : ''} } } } }`,
    );
    expect(denied.body.errors.map((e: any) => `${e.path.at(-1)} ${e.extensions.code}`)).toContain(`${left.name} FORBIDDEN`);
  });
});
