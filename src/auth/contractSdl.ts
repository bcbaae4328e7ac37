import { buildSchema, Kind, parse, print, printSchema, visit, type FieldDefinitionNode, type GraphQLSchema, type InputValueDefinitionNode, type StringValueNode } from 'graphql';
import { validateFieldGrants } from './apiKeys';
import { contractOf, contractViewer, type Contract } from './contract';
import { ROLES, type Role } from './matrix';
import type { PartnerGrant, Viewer } from './viewer';

/** Roles that have a contract file of their own in docs/contracts/ (a partner's depends on its key). */
export const CONTRACT_ROLES = ROLES.filter((r): r is Exclude<Role, 'PARTNER'> => r !== 'PARTNER');

/**
 * The sample partner whose contract is committed as docs/contracts/PARTNER-sample.graphql: a health office screening
 * people with a disability (what `npm run apikey -- create` would grant it), to show what a key's contract looks like.
 */
export const SAMPLE_PARTNER = {
  name: 'sample',
  purpose: 'disability screening (sample)',
  fields: [
    'Query.persons',
    'PersonConnection.edges',
    'Person.id',
    'Person.fullName',
    'Person.sex',
    'Person.nik:masked',
    'Person.ageGroup',
    'Person.desa',
    'Person.hasDisability',
    'Person.disability',
    'Disability.type',
    'Disability.severity',
  ],
};

/** A partner grant from `Type.field[:masked]` entries; throws naming every bad entry. */
export function partnerGrantOf(name: string, purpose: string, fields: string[]): PartnerGrant {
  const problems = validateFieldGrants(fields);
  if (problems.length > 0) throw new Error(`bad grants: ${problems.join('; ')}`);
  const map = new Map<string, 'allow' | 'mask'>();
  for (const entry of fields) {
    const [path, modifier] = entry.split(':');
    map.set(path!, modifier === 'masked' ? 'mask' : 'allow');
  }
  return { keyId: name, name, purpose, fields: map, wholeKabupaten: true };
}

const block = (value: string): StringValueNode => ({ kind: Kind.STRING, value, block: true });

function noted(description: StringValueNode | undefined, note: string | null): StringValueNode | undefined {
  if (!note) return description;
  return block(description ? `${description.value}\n\n${note}` : note);
}

/** The contract as SDL: the schema with every type, field, argument and input field the viewer can never use removed. */
export function contractSdlOf(schema: GraphQLSchema, viewer: Viewer, title: string): string {
  const contract: Contract = contractOf(schema, viewer);
  const types = new Map(contract.types.map((t) => [t.name, new Map(t.fields.map((f) => [f.name, f]))]));
  let currentType = '';
  const doc = visit(parse(printSchema(schema)), {
    ObjectTypeDefinition: {
      enter(node) {
        if (!types.has(node.name.value)) return null;
        currentType = node.name.value;
        return undefined;
      },
    },
    FieldDefinition(node): FieldDefinitionNode | null {
      const f = types.get(currentType)?.get(node.name.value);
      if (!f) return null;
      const args = (node.arguments ?? [])
        .filter((a) => f.arguments.some((x) => x.name === a.name.value))
        .map((a): InputValueDefinitionNode => {
          const values = f.arguments.find((x) => x.name === a.name.value)?.values;
          return { ...a, description: noted(a.description, values ? `In this contract, only: ${values.join(', ')}.` : null) };
        });
      const note = f.access === 'MASKED' ? 'In this contract it is MASKED: it reads a keyed tag standing for the number (e.g. `NIK-7KQ2-M9XD-A3F1`), never the number.' : null;
      return { ...node, arguments: args, description: noted(node.description, note) };
    },
    InputObjectTypeDefinition(node) {
      const fields = contract.inputs.get(node.name.value);
      if (!fields) return null;
      return {
        ...node,
        fields: (node.fields ?? [])
          .filter((f) => fields.has(f.name.value))
          .map((f) => {
            const values = fields.get(f.name.value)!.values;
            return { ...f, description: noted(f.description, values ? `In this contract, only: ${values.join(', ')}.` : null) };
          }),
      };
    },
    EnumTypeDefinition: (node) => (contract.leaves.has(node.name.value) ? undefined : null),
    ScalarTypeDefinition: (node) => (contract.leaves.has(node.name.value) ? undefined : null),
  });
  // Printed again from a schema built of it: the contract must itself be a valid schema (no empty or dangling type).
  const sdl = printSchema(buildSchema(print(doc)));
  return `# ${title}\n# Generated from src/auth/matrix.ts by \`npm run schema\`; do not edit. \`npm test\` fails when it is stale.\n\n${sdl}\n`;
}

/** The SDL contract of a role. */
export function roleContractSdl(schema: GraphQLSchema, role: Role): string {
  return contractSdlOf(schema, contractViewer(role), `The schema contract of role ${role}: what it may use (rows still follow its scope).`);
}

/** The SDL contract of a partner key with these grants. */
export function partnerContractSdl(schema: GraphQLSchema, grant: PartnerGrant): string {
  return contractSdlOf(
    schema,
    contractViewer('PARTNER', grant),
    `The schema contract of a partner key for "${grant.purpose}": what it may use (rows still follow the key's limits).`,
  );
}

/** Every committed contract file: docs/contracts/<name>.graphql -> its text. */
export function contractFiles(schema: GraphQLSchema): Map<string, string> {
  const out = new Map<string, string>();
  for (const role of CONTRACT_ROLES) out.set(`${role}.graphql`, roleContractSdl(schema, role));
  out.set('PARTNER-sample.graphql', partnerContractSdl(schema, partnerGrantOf(SAMPLE_PARTNER.name, SAMPLE_PARTNER.purpose, SAMPLE_PARTNER.fields)));
  return out;
}

/** Which contract files differ from what the matrix generates now (missing, stale, or no longer generated). */
export function staleContracts(fresh: Map<string, string>, current: Map<string, string>): string[] {
  const names = new Set([...fresh.keys(), ...current.keys()]);
  return [...names].filter((n) => fresh.get(n) !== current.get(n)).sort();
}
