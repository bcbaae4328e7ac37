import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema as parseSdl, GraphQLEnumType } from 'graphql';
import type { Model, Schema } from 'mongoose';
import { allModels } from '../../src/db/models';
import type { ImportRunStatus } from '../../src/db/models/importRun';
import type * as provenance from '../../src/domain/provenance';
import type * as records from '../../src/domain/records';
import type * as generated from '../../src/generated/graphql';
import type * as orders from '../../src/services/orders';
import type * as breakdown from '../../src/services/breakdown';
import * as vocabulary from '../../src/integration/vocabulary';

/*
 * A closed vocabulary is written in the SDL (what clients see), in the models (what the database
 * accepts) and in the importers' vocabularies (what a source file may say). These specs hold the
 * copies to the SDL, so that a value added in one place and forgotten in another fails here.
 */

const SCHEMA_DIR = join(__dirname, '..', '..', 'schema');
const sdl = parseSdl(
  readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => readFileSync(join(SCHEMA_DIR, f), 'utf8'))
    .join('\n'),
  { assumeValidSDL: true },
);

function sdlValues(name: string): string[] {
  const type = sdl.getType(name);
  if (!(type instanceof GraphQLEnumType)) throw new Error(`schema/ has no enum ${name}`);
  return type.getValues().map((v) => v.value as string);
}

/** Every path of a model (subdocuments and arrays included) whose strings are restricted to a list. */
function enumPaths(model: Model<any>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (schema: Schema, prefix: string) =>
    schema.eachPath((path, type: any) => {
      if (type.schema) walk(type.schema, `${prefix}${path}.`);
      const values: unknown[] | undefined = type.enumValues ?? type.caster?.enumValues ?? type.embeddedSchemaType?.enumValues;
      if (values?.length)
        out.set(
          `${model.modelName}.${prefix}${path}`,
          values.filter((v): v is string => typeof v === 'string'),
        );
    });
  walk(model.schema, '');
  return out;
}

/** Model path -> the SDL enum it stores. */
const MODEL_ENUMS: Record<string, string> = {
  'Desa.kind': 'DesaKind',
  'Person.sex': 'Sex',
  'Person.relationship': 'Relationship',
  'Person.maritalStatus': 'MaritalStatus',
  'Person.education': 'Education',
  'Person.disability.type': 'DisabilityType',
  'Person.disability.severity': 'DisabilitySeverity',
  'Person.karangTaruna.role': 'KarangTarunaRole',
  'Household.housing.floor': 'FloorType',
  'Household.housing.wall': 'WallType',
  'Household.housing.roof': 'RoofType',
  'Household.housing.water': 'WaterSource',
  'Household.housing.sanitation': 'Sanitation',
  'Household.housing.cookingFuel': 'CookingFuel',
  'Household.assets': 'Asset',
  'Programme._id': 'ProgrammeCode',
  'Programme.level': 'ProgrammeLevel',
  'Enrollment.programmeCode': 'ProgrammeCode',
  'Enrollment.status': 'EnrollmentStatus',
  'Enrollment.components': 'PkhComponent',
  'Training.category': 'TrainingCategory',
  'TrainingParticipation.status': 'ParticipationStatus',
  'TrainingParticipation.outcome': 'TrainingOutcome',
  'Pilar.role': 'PilarRole',
  'Discrepancy.kind': 'DiscrepancyKind',
  'Discrepancy.subjectType': 'DiscrepancySubjectType',
  'Discrepancy.values.source': 'DataSource',
  'Discrepancy.status': 'DiscrepancyStatus',
  'Discrepancy.resolution.by': 'ResolutionMethod',
  'ImportRun.source': 'DataSource',
  'ImportRun.status': 'ImportRunStatus',
  'ApiKey.programmeCodes': 'ProgrammeCode',
  'Visit.outcome': 'VisitOutcome',
  'DataChangeRequest.status': 'DataChangeStatus',
  'AidProposal.kind': 'AidProposalKind',
  'AidProposal.programmeCode': 'ProgrammeCode',
  'AidProposal.subjectType': 'DiscrepancySubjectType',
  'AidProposal.status': 'AidProposalStatus',
  'AidProposal.steps.action': 'AidProposalAction',
  'AidProposal.steps.from': 'AidProposalStatus',
  'AidProposal.steps.to': 'AidProposalStatus',
};

/** Model paths whose values never leave the hub (no SDL enum shows them), each with what it is. */
const INTERNAL_ENUMS: Record<string, string> = {
  'WriteJournal.status': 'the state of a write journal (src/writes/journal.ts)',
  'WriteReceipt.status': 'whether an idempotency receipt holds its result yet (src/writes/run.ts)',
};

/** Importer vocabulary (src/integration/vocabulary.ts) -> the SDL enum whose codes it reads. */
const VOCABULARY_ENUMS: Record<string, string> = {
  SEX: 'Sex',
  RELATIONSHIP: 'Relationship',
  MARITAL_STATUS: 'MaritalStatus',
  EDUCATION: 'Education',
  FLOOR: 'FloorType',
  WALL: 'WallType',
  ROOF: 'RoofType',
  WATER: 'WaterSource',
  SANITATION: 'Sanitation',
  FUEL: 'CookingFuel',
  ASSET: 'Asset',
  DISABILITY_TYPE: 'DisabilityType',
  DISABILITY_SEVERITY: 'DisabilitySeverity',
  ENROLLMENT_STATUS: 'EnrollmentStatus',
  PROGRAMME: 'ProgrammeCode',
  TRAINING_CATEGORY: 'TrainingCategory',
  PARTICIPATION_STATUS: 'ParticipationStatus',
  TRAINING_OUTCOME: 'TrainingOutcome',
  PILAR_ROLE: 'PilarRole',
  KARANG_TARUNA_ROLE: 'KarangTarunaRole',
};

/**
 * The TypeScript unions of src/domain are the fourth copy: `npm run typecheck` fails on this list when
 * one differs from the type codegen derives from the SDL (src/generated/graphql.ts).
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const DOMAIN_TYPES_MATCH_SDL: [
  Same<records.Sex, generated.Sex>,
  Same<records.AgeGroup, generated.AgeGroup>,
  Same<records.Relationship, generated.Relationship>,
  Same<records.MaritalStatus, generated.MaritalStatus>,
  Same<records.Education, generated.Education>,
  Same<records.DisabilityType, generated.DisabilityType>,
  Same<records.DisabilitySeverity, generated.DisabilitySeverity>,
  Same<records.FloorType, generated.FloorType>,
  Same<records.WallType, generated.WallType>,
  Same<records.RoofType, generated.RoofType>,
  Same<records.WaterSource, generated.WaterSource>,
  Same<records.Sanitation, generated.Sanitation>,
  Same<records.CookingFuel, generated.CookingFuel>,
  Same<records.Asset, generated.Asset>,
  Same<records.ProgrammeCode, generated.ProgrammeCode>,
  Same<records.ProgrammeLevel, generated.ProgrammeLevel>,
  Same<records.EnrollmentStatus, generated.EnrollmentStatus>,
  Same<records.PkhComponent, generated.PkhComponent>,
  Same<records.TrainingCategory, generated.TrainingCategory>,
  Same<records.ParticipationStatus, generated.ParticipationStatus>,
  Same<records.TrainingOutcome, generated.TrainingOutcome>,
  Same<records.PilarRole, generated.PilarRole>,
  Same<provenance.DataSource, generated.DataSource>,
  Same<provenance.DiscrepancyKind, generated.DiscrepancyKind>,
  Same<provenance.DiscrepancyStatus, generated.DiscrepancyStatus>,
  Same<provenance.KarangTarunaRole, generated.KarangTarunaRole>,
  Same<ImportRunStatus, generated.ImportRunStatus>,
  Same<orders.PersonOrder, generated.PersonOrder>,
  Same<orders.HouseholdOrder, generated.HouseholdOrder>,
  Same<orders.EnrollmentOrder, generated.EnrollmentOrder>,
  Same<orders.DiscrepancyOrder, generated.DiscrepancyOrder>,
  Same<breakdown.BreakdownSubject, generated.BreakdownSubject>,
  Same<breakdown.BreakdownDimension, generated.BreakdownDimension>,
  Same<records.PkhComponent, generated.PkhComponent>,
] = [
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
];

const sorted = (values: Iterable<string>) => [...values].sort();

describe('closed vocabularies: one list of values, held to the SDL', () => {
  it('the unions of src/domain equal the types codegen derives from the SDL (checked by the compiler)', () => {
    expect(DOMAIN_TYPES_MATCH_SDL.every(Boolean)).toBe(true);
  });

  const paths = new Map(allModels().flatMap((m) => [...enumPaths(m)]));

  it('every model path restricted to a list of values names the SDL enum it stores (a new copy cannot go unchecked)', () => {
    expect(sorted(paths.keys())).toEqual(sorted([...Object.keys(MODEL_ENUMS), ...Object.keys(INTERNAL_ENUMS)]));
  });

  it.each(Object.entries(MODEL_ENUMS))('the model path %s accepts exactly the values of the SDL enum %s', (path, name) => {
    expect(sorted(paths.get(path) ?? [])).toEqual(sorted(sdlValues(name)));
  });

  it.each(Object.entries(VOCABULARY_ENUMS))('the importers read %s into exactly the values of the SDL enum %s', (constant, name) => {
    const vocab = (vocabulary as unknown as Record<string, vocabulary.Vocabulary<string>>)[constant]!;
    expect(sorted(Object.keys(vocab.label))).toEqual(sorted(sdlValues(name)));
  });
});
