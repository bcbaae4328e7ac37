import { getNamedType, isInputObjectType, isObjectType, type GraphQLNamedType, type GraphQLSchema } from 'graphql';
import { MUTATION_ACTIONS, WRITE_ACTION_LABELS, WRITE_ACTIONS, WRITE_MATRIX, writeCellText } from './writeMatrix';
import {
  ACTION_FIELDS,
  ARGUMENT_RULES,
  DISCREPANCY_VALUES,
  FIELD_GROUPS,
  FIELD_RULES,
  INPUT_FIELD_RULES,
  ROLE_ACCESS,
  ROW_SCOPE,
  ROLES,
  type ArgumentRule,
  type FieldRule,
} from './matrix';

function ruleText(rule: FieldRule): string {
  if (rule === 'PUBLIC') return 'public';
  if (rule === 'STRUCTURE') return 'structure';
  if (rule === 'WRITE') return 'write matrix';
  return `${rule.group}${rule.kind === 'flag' ? ' (flag)' : rule.kind === 'number' ? ' (maskable)' : rule.kind === 'numberPart' ? ` (digits of ${rule.of}: unmasked only)` : ''}`;
}

/** What an argument needs, as the fields it reveals with their groups: `Person.hasDisability` (HEALTH flag). */
function argumentText(rule: ArgumentRule | undefined): string {
  if (rule === undefined) return '**missing (denied)**';
  if (rule === 'PUBLIC') return 'public';
  if (rule === 'PAGING') return 'paging';
  if (rule === 'INPUT') return 'each field below';
  const fields = (list: readonly string[]) =>
    list.length === 0
      ? 'nothing'
      : list
          .map((f) => {
            const [type, field] = f.split('.') as [string, string];
            const r = FIELD_RULES[type]?.[field];
            return `${f} [${r ? ruleText(r) : 'unknown: denied'}]`;
          })
          .join(', ');
  const byValue = Object.entries(rule.byValue ?? {}).map(([value, list]) => `; when \`${value}\`: ${fields(list)}`);
  return `${fields(rule.reveals)}${byValue.join('')}`;
}

function scopeText(role: (typeof ROLES)[number]): string {
  const s = ROW_SCOPE[role];
  if (s.kind === 'ALL') return 'all rows';
  if (s.kind === 'NONE') return 'no person or household rows (statistics only)';
  const area = { KECAMATAN: 'assigned kecamatan', DESA: 'assigned desa', KABUPATEN: 'whole kabupaten' }[s.area];
  const who = { EVERYONE: 'everyone', PKH_FAMILIES: 'PKH families', WITH_DISABILITY: 'people with a disability', YOUTH: 'youth aged 15-30' }[s.population];
  return role === 'PARTNER' ? "the key's own area (and programme's ACTIVE recipients, when limited) and field allow-list" : `${who}, ${area}`;
}

/** docs/permissions.md, generated from the matrix (`npm run docs:permissions`); CI fails when it is stale. */
export function permissionsMarkdown(schema: GraphQLSchema): string {
  const out: string[] = [
    '# Permissions',
    '',
    'Generated from `src/auth/matrix.ts` by `npm run docs:permissions`. Do not edit by hand: `npm test` fails when this file is stale.',
    '',
    'F = full, M = masked (a NIK reads `NIK-7KQ2-M9XD-A3F1`, a keyed tag with no digit of the number, the same for one viewer and number, different between viewers), f = flag fields only, - = denied. A denied field answers null with a FORBIDDEN error; rows outside the scope do not exist (not found, not counted).',
    '',
    '## Roles',
    '',
    `| role | rows | ${FIELD_GROUPS.join(' | ')} |`,
    `|---|---|${FIELD_GROUPS.map(() => '---').join('|')}|`,
  ];
  for (const role of ROLES) {
    const access = role === 'PARTNER' ? null : ROLE_ACCESS[role];
    out.push(`| ${role} | ${scopeText(role)} | ${FIELD_GROUPS.map((g) => (access ? access[g] : 'key')).join(' | ')} |`);
  }
  out.push(
    '',
    '## Writes',
    '',
    "The write matrix (docs/domain.md section 9), from `src/auth/writeMatrix.ts`. ✓ = any subject in the role's row scope;",
    'P = only subjects of its population (its row scope already holds only them), and only the programmes named; - = no.',
    'A mutation of an action marked - is FORBIDDEN (anonymous callers: UNAUTHENTICATED); a subject outside the row scope is',
    'NOT_FOUND, exactly like one that does not exist; a value of a field the viewer may not read in full cannot be written or',
    'proposed (FORBIDDEN naming the input, as for arguments below). Partner keys never write.',
    '',
    `| role | ${WRITE_ACTIONS.join(' | ')} |`,
    `|---|${WRITE_ACTIONS.map(() => '---').join('|')}|`,
  );
  for (const [role, cells] of Object.entries(WRITE_MATRIX)) out.push(`| ${role} | ${WRITE_ACTIONS.map((a) => writeCellText(cells[a])).join(' | ')} |`);
  out.push('', '| action | what | mutations |', '|---|---|---|');
  for (const action of WRITE_ACTIONS) {
    const mutations = Object.entries(MUTATION_ACTIONS)
      .filter(([, a]) => a === action)
      .map(([m]) => `\`${m}\``);
    out.push(`| ${action} | ${WRITE_ACTION_LABELS[action]} | ${mutations.join(', ') || '(none yet)'} |`);
  }
  out.push('', '## Fields', '', '| type | field | group |', '|---|---|---|');
  const namedTypes = <T extends GraphQLNamedType>(is: (t: unknown) => t is T): T[] =>
    Object.values(schema.getTypeMap())
      .filter((t): t is T => is(t) && !t.name.startsWith('__'))
      .sort((a, b) => a.name.localeCompare(b.name));
  const types = namedTypes(isObjectType);
  for (const type of types) {
    for (const field of Object.values(type.getFields())) {
      const rule = FIELD_RULES[type.name]?.[field.name];
      out.push(`| ${type.name} | ${field.name}: ${getNamedType(field.type).name} | ${rule ? ruleText(rule) : '**missing (denied)**'} |`);
    }
  }
  out.push('', '## Fields for the roles that may act', '', 'On top of their rule above, these fields are read only by the roles listed (never by partner keys):', '');
  for (const [f, roles] of Object.entries(ACTION_FIELDS)) out.push(`- ${f}: ${roles.join(', ')}`);
  out.push(
    '',
    '## Discrepancies',
    '',
    'A discrepancy exists for a viewer only when the person or family it is about does (the row scope above, copied onto each',
    'discrepancy by the importer), and when the viewer may read every field below for its kind (and aspect): its kind and aspect',
    'imply what its values state (`EXCLUSION_ERROR` means desil 1), so the others are neither listed, counted nor found, and a',
    '`kind` argument naming a kind the viewer may know of in no aspect is FORBIDDEN. NIK and KK numbers in the values are masked,',
    'with any digit they encode, when one of these fields is masked for the viewer; a value about another person the viewer does',
    'not see (DUPLICATE_NIK) is withheld.',
    '',
    '| kind : aspect | it reveals |',
    '|---|---|',
  );
  for (const [key, fields] of Object.entries(DISCREPANCY_VALUES)) out.push(`| ${key} | ${fields.join(', ')} |`);
  out.push(
    '',
    '## Arguments',
    '',
    'A filter or a lookup reveals the facts it tests, so each argument and each field of an input object is governed by the',
    'fields it reveals: a viewer may use it only when it may read every one of them in full (a masked NIK or KK number is not',
    'enough, and a flag argument needs the flag). Otherwise the field answers null with a FORBIDDEN error naming the argument',
    '(`extensions.argument`, e.g. `filter.programme`), and nothing is read or counted. A partner key may use the arguments whose',
    'fields it was granted. Paging arguments and arguments over public reference data are open to whoever may read the field.',
    '',
    '| field or input | argument | reveals |',
    '|---|---|---|',
  );
  for (const type of types) {
    for (const field of Object.values(type.getFields())) {
      for (const arg of field.args) {
        out.push(`| ${type.name}.${field.name} | ${arg.name}: ${getNamedType(arg.type).name} | ${argumentText(ARGUMENT_RULES[type.name]?.[field.name]?.[arg.name])} |`);
      }
    }
  }
  for (const input of namedTypes(isInputObjectType)) {
    for (const field of Object.values(input.getFields())) {
      out.push(`| input ${input.name} | ${field.name}: ${getNamedType(field.type).name} | ${argumentText(INPUT_FIELD_RULES[input.name]?.[field.name])} |`);
    }
  }
  return `${out.join('\n')}\n`;
}
