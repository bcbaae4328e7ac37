import { getNamedType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/** Stored fields to read (a find's projection), `_id` always among them. */
export type Projection = Readonly<Record<string, 1>>;

/** The rows the by-id and group loaders of persons and households read, whole (null) or projected. */
export interface RowReads {
  person: Projection | null;
  household: Projection | null;
}

/**
 * The stored fields each field of Person and Household reads from its row, resolvers and services together
 * (resolvers/person/Person.ts, resolvers/household/Household.ts, src/services/person.ts, household.ts). A field not
 * listed (any other, and every field added later) makes the request read whole rows.
 */
const NEEDS: Record<'Person' | 'Household', Record<string, readonly string[]>> = {
  Person: {
    id: [],
    fullName: ['fullName'],
    sex: ['sex'],
    relationship: ['relationship'],
    nik: ['nik'],
    household: ['householdId'],
    desa: ['desaCode'],
    enrollments: ['householdId'],
    trainings: [],
  },
  Household: {
    id: [],
    head: ['headId'],
    members: ['headId'],
    desa: ['desaCode'],
    enrollments: [],
    memberCount: ['memberCount'],
    kkNumber: ['kkNumber'],
  },
};

/**
 * Fields of other types whose resolvers read no stored field of a person or household row: they load persons and
 * households by id (existence and row scope) and hand them to the Person and Household fields above. A field missing
 * here makes the request read whole rows.
 */
const NEUTRAL: Record<string, ReadonlySet<string>> = {
  Query: new Set(['households', 'household', 'persons', 'personById']),
  PageInfo: new Set(['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']),
  Desa: new Set(['code', 'name', 'kind', 'kecamatan']),
  Kecamatan: new Set(['code', 'name']),
  Programme: new Set(['code', 'name', 'level', 'maxYears']),
  Enrollment: new Set(['id', 'programme', 'household', 'person', 'startDate', 'endDate', 'status', 'components']),
  Training: new Set(['id', 'title', 'organizer', 'category', 'startDate', 'endDate', 'quota', 'desa', 'participants', 'participantCount']),
  TrainingParticipation: new Set(['id', 'training', 'person', 'status', 'outcome']),
};

/** Paged lists' structure (matrix.ts pagedListTypes): edges, nodes, cursors, counts. */
const STRUCTURE = /^[A-Za-z]+(Connection|Edge)$/;

/** Rows every loader of the type needs whatever the query: the id, and the key persons are grouped by. */
const ALWAYS = { Person: ['_id', 'householdId'], Household: ['_id'] } as const;

const WHOLE: RowReads = { person: null, household: null };
const cache = new WeakMap<DocumentNode, RowReads>();

/**
 * What the loaders of persons and households of one query need to read: for a query whose every field is listed above,
 * only the stored fields its Person and Household fields read; otherwise (any other field, a mutation, a field of an
 * interface) whole rows. A projection changes no answer: row scopes are filters the engine applies, masks and audit
 * notes read the very fields selected, and a field that needs more is not listed.
 */
export function rowReadsOf(schema: GraphQLSchema, document: DocumentNode): RowReads {
  const known = cache.get(document);
  if (known) return known;
  const needs = { Person: new Set<string>(ALWAYS.Person), Household: new Set<string>(ALWAYS.Household) };
  let whole = document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation !== 'query');
  const typeInfo = new TypeInfo(schema);
  if (!whole)
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const field = node.name.value;
          if (field === '__typename' || whole) return;
          const parent = typeInfo.getParentType();
          const type = parent ? getNamedType(parent).name : '';
          if (type === 'Person' || type === 'Household') {
            const reads = NEEDS[type][field];
            if (reads) for (const f of reads) needs[type].add(f);
            else whole = true;
          } else if (!NEUTRAL[type]?.has(field) && !STRUCTURE.test(type)) whole = true;
        },
      }),
    );
  const projection = (fields: Set<string>): Projection => Object.fromEntries([...fields].map((f) => [f, 1 as const]));
  const reads = whole ? WHOLE : { person: projection(needs.Person), household: projection(needs.Household) };
  cache.set(document, reads);
  return reads;
}
