import { ageOn } from '../../src/domain/age';
import type { EnrollmentRecord, HouseholdRecord, PersonRecord, PilarRecord, ProgrammeRecord, TrainingParticipationRecord, TrainingRecord } from '../../src/domain/records';
import { regionReference } from '../../src/reference/regions';
import { dateOfDay, dayOf } from './calendar';
import { generateEnrollments } from './enrollments';
import { planFamily } from './families';
import { drawAssets, drawDesil, drawHousing, drawKk, drawRtRw, familiesPerDesa, wealthOf } from './households';
import { streetName } from './names';
import { buildPerson, SerialRegistry } from './persons';
import { generatePilar } from './pilar';
import type { Population } from './population';
import { PROGRAMMES } from '../../src/reference/programmes';
import { Random, type Seed } from './random';
import { generateTrainings, trainingCount } from './trainings';

export interface GenerateRegencyOptions {
  /** Number of households (families); 0 or more. */
  families: number;
  /** Same seed and options, same output to the byte. Numbers and their decimal strings are the same seed. */
  seed: Seed;
  /** The day ages, enrolment years and training dates count back from. Default DEFAULT_AS_OF. */
  asOf?: Date;
}

/** The synthetic regency, in the stored shapes of src/domain/records.ts. */
export interface Regency {
  households: HouseholdRecord[];
  persons: PersonRecord[];
  programmes: ProgrammeRecord[];
  enrollments: EnrollmentRecord[];
  trainings: TrainingRecord[];
  participations: TrainingParticipationRecord[];
  pilar: PilarRecord[];
}

/** Fixed rather than "today", so a seed names one regency forever. */
export const DEFAULT_AS_OF = new Date(Date.UTC(2026, 6, 1));

function validate(opts: GenerateRegencyOptions): Date {
  if (!Number.isInteger(opts.families) || opts.families < 0) {
    throw new RangeError(`families must be a whole number of 0 or more, got ${opts.families}`);
  }
  if (typeof opts.seed === 'number' ? !Number.isFinite(opts.seed) : typeof opts.seed !== 'string') {
    throw new RangeError(`seed must be a finite number or a string, got ${String(opts.seed)}`);
  }
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime())) throw new RangeError('asOf must be a valid date');
  return dateOfDay(dayOf(asOf));
}

function buildPopulation(rng: Random, families: number, asOf: Date): Population {
  const regions = regionReference();
  const kecamatanCodes = regions.kecamatans.map((k) => k.code);
  const asOfDay = dayOf(asOf);
  const pop: Population = { households: [], persons: [], firstMember: [], ages: [], asOfDay };
  const nikSerials = new SerialRegistry();
  const kkSerials = new SerialRegistry();
  const counts = familiesPerDesa(rng, regions.desas, families);

  regions.desas.forEach((desa, d) => {
    for (let f = 0; f < counts[d]!; f++) {
      const householdId = `H${String(pop.households.length + 1).padStart(7, '0')}`;
      const desil = drawDesil(rng);
      const wealth = wealthOf(rng, desil);
      const ctx = { householdId, desaCode: desa.code, kecamatanCode: desa.kecamatanCode, wealth, asOfDay };
      const first = pop.persons.length;
      let youngestBirthDay = -Infinity;
      for (const plan of planFamily(rng)) {
        const person = buildPerson(rng, `P${String(pop.persons.length + 1).padStart(7, '0')}`, plan, ctx, nikSerials);
        pop.persons.push(person);
        pop.ages.push(ageOn(person.birthDate, asOf));
        youngestBirthDay = Math.max(youngestBirthDay, dayOf(person.birthDate));
      }
      const head = pop.persons[first]!;
      const kk = drawKk(rng, kkSerials, {
        kecamatanCode: desa.kecamatanCode,
        kecamatanCodes,
        headBirthDay: dayOf(head.birthDate),
        youngestBirthDay,
        asOfDay,
      });
      pop.firstMember.push(first);
      pop.households.push({
        _id: householdId,
        kkNumber: kk.kkNumber,
        kkHistory: kk.kkHistory,
        headId: head._id,
        desaCode: desa.code,
        kecamatanCode: desa.kecamatanCode,
        address: { street: streetName(rng, desa.kind === 'KELURAHAN'), ...drawRtRw(rng) },
        desil,
        housing: drawHousing(rng, wealth),
        assets: drawAssets(rng, wealth),
        memberCount: pop.persons.length - first,
      });
    }
  });
  ensureSomeDisability(pop);
  return pop;
}

/**
 * At 2-3% prevalence a regency of ~50 families has nobody with a disability about one
 * time in forty, which would leave ATENSI without a beneficiary; the oldest living
 * person (the likeliest to have one) then gets a moderate physical disability.
 */
function ensureSomeDisability(pop: Population): void {
  let oldest = -1;
  for (let i = 0; i < pop.persons.length; i++) {
    const p = pop.persons[i]!;
    if (p.isDeceased) continue;
    if (p.disability) return;
    if (oldest < 0 || pop.ages[i]! > pop.ages[oldest]!) oldest = i;
  }
  if (oldest >= 0) pop.persons[oldest]!.disability = { type: 'PHYSICAL', severity: 'MODERATE' };
}

/**
 * Builds the synthetic regency. Each part draws from its own stream of the seed, so the
 * 272 pilar are the same whatever the number of families.
 */
export function generateRegency(opts: GenerateRegencyOptions): Regency {
  const asOf = validate(opts);
  const pop = buildPopulation(new Random(opts.seed, 'families'), opts.families, asOf);
  const enrollments = generateEnrollments(new Random(opts.seed, 'enrollments'), pop);
  const { trainings, participations } = generateTrainings(new Random(opts.seed, 'trainings'), pop, regionReference().kecamatans, trainingCount(opts.families));
  return {
    households: pop.households,
    persons: pop.persons,
    programmes: structuredClone(PROGRAMMES) as ProgrammeRecord[],
    enrollments,
    trainings,
    participations,
    pilar: generatePilar(new Random(opts.seed, 'pilar'), regionReference()),
  };
}

export { PROGRAMMES } from '../../src/reference/programmes';
export { PILAR_COMPOSITION, PILAR_TOTAL } from './pilar';
export type { Seed } from './random';
