import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { HouseholdRecord, PersonRecord } from '../../src/domain/records';
import { csvLine } from '../../src/integration/csv';
import { DTSEN_COLUMNS } from '../../src/integration/sources/dtsen';
import { KARANG_TARUNA_COLUMNS, PARTICIPATION_COLUMNS, PILAR_COLUMNS, PROGRAMME_COLUMNS, TRAINING_COLUMNS } from '../../src/integration/sources/rosters';
import * as V from '../../src/integration/vocabulary';
import { nikOf, type Plan, type RegencyIndex } from './plan';
import type { KarangTarunaMember } from './karangTaruna';

const iso = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : '');

/** Writes lines with backpressure, so a 250,000-family extract is never one string in memory. */
export class LineFile {
  private readonly out: WriteStream;
  rows = 0;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
  }

  async write(line: string, counts = true): Promise<void> {
    if (counts) this.rows++;
    if (!this.out.write(line)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** One Senopati JSON line: a person of a family as the civil registry states it (docs/formats/senopati.md). */
export function senopatiRecord(
  p: PersonRecord,
  h: HouseholdRecord,
  opts: { nik: string; asOf: Date; move?: { date: Date; destinationCode: string } | null },
): Record<string, unknown> {
  return {
    nik: opts.nik,
    nama: p.fullName,
    jenisKelamin: V.SEX.label[p.sex],
    tanggalLahir: iso(p.birthDate),
    tempatLahir: p.birthPlace,
    statusKawin: V.MARITAL_STATUS.label[p.maritalStatus],
    hubunganKeluarga: V.relationshipLabel(p.relationship, p.sex),
    pendidikan: V.EDUCATION.label[p.education],
    pekerjaan: p.occupation,
    noKk: h.kkNumber,
    tanggalTerbitKk: iso(h.kkHistory[h.kkHistory.length - 1]!.from),
    riwayatKk: h.kkHistory.slice(0, -1).map((e) => ({ noKk: e.kkNumber, tanggalTerbit: iso(e.from), tanggalBerakhir: iso(e.to) })),
    alamat: { kodeDesa: h.desaCode, rt: h.address.rt, rw: h.address.rw, jalan: h.address.street },
    tanggalMeninggal: p.deathDate ? iso(p.deathDate) : null,
    pindahKeluar: opts.move ? { tanggal: iso(opts.move.date), tujuan: opts.move.destinationCode } : null,
    tanggalData: iso(opts.asOf),
  };
}

export async function writeSenopati(file: LineFile, idx: RegencyIndex, plan: Plan): Promise<void> {
  for (const h of idx.regency.households) {
    for (const p of idx.members.get(h._id)!) {
      if (plan.notInCivil.has(p._id)) continue;
      const record = senopatiRecord(p, h, { nik: nikOf(plan, p), asOf: plan.asOf, move: plan.movedOut.get(p._id) });
      await file.write(`${JSON.stringify(record)}\n`);
    }
  }
}

export async function writeDtsen(file: LineFile, idx: RegencyIndex, plan: Plan): Promise<void> {
  await file.write(csvLine(DTSEN_COLUMNS), false);
  const movedIn = new Map<string, PersonRecord[]>();
  for (const [personId, o] of plan.dtsen) if (o.familyOf) movedIn.set(o.familyOf, [...(movedIn.get(o.familyOf) ?? []), idx.person.get(personId)!]);
  const asOf = iso(plan.asOf);
  for (const h of idx.regency.households) {
    const fo = plan.family.get(h._id) ?? {};
    const desil = fo.desil ?? h.desil;
    const family = [
      asOf,
      `KEL${h._id.slice(1)}`,
      plan.oldCard.has(h._id) ? h.kkHistory[0]!.kkNumber : h.kkNumber,
      fo.desaCode ?? h.desaCode,
      h.address.street,
      h.address.rt,
      h.address.rw,
      desil === null ? '' : desil,
      V.FLOOR.label[h.housing.floor],
      V.WALL.label[h.housing.wall],
      V.ROOF.label[h.housing.roof],
      V.WATER.label[h.housing.water],
      V.SANITATION.label[h.housing.sanitation],
      h.housing.electricityVa,
      V.FUEL.label[h.housing.cookingFuel],
      h.assets.map((a) => V.ASSET.label[a]).join(';'),
    ];
    const own = idx.members.get(h._id)!.filter((p) => !plan.dtsen.get(p._id)?.familyOf);
    for (const p of [...own, ...(movedIn.get(h._id) ?? [])]) {
      const o = plan.dtsen.get(p._id) ?? {};
      const sex = o.sex ?? p.sex;
      await file.write(
        csvLine([
          ...family,
          `ART${p._id.slice(1)}`,
          o.nik ?? nikOf(plan, p),
          o.fullName ?? p.fullName,
          V.SEX.label[sex],
          iso(o.birthDate ?? p.birthDate),
          p.birthPlace,
          o.familyOf ? V.RELATIONSHIP.label.OTHER_RELATIVE : V.relationshipLabel(p.relationship, sex),
          V.MARITAL_STATUS.label[p.maritalStatus],
          V.EDUCATION.label[p.education],
          p.occupation,
          p.disability ? V.DISABILITY_TYPE.label[p.disability.type] : '',
          p.disability ? V.DISABILITY_SEVERITY.label[p.disability.severity] : '',
          p.pregnant ? V.YES_NO.label.Y : V.YES_NO.label.N,
          p.phone ?? '',
        ]),
      );
    }
  }
}

/** The six programme rosters, each to its own file. */
export async function writeProgrammeRosters(files: Record<string, LineFile>, idx: RegencyIndex, plan: Plan): Promise<void> {
  for (const f of Object.values(files)) await f.write(csvLine(PROGRAMME_COLUMNS), false);
  const asOf = iso(plan.asOf);
  for (const e of idx.regency.enrollments) {
    const o = plan.roster.get(e._id) ?? {};
    if (o.removed) continue;
    const h = idx.household.get(e.householdId)!;
    const who = idx.person.get(e.personId ?? plan.pengurus.get(h._id)!)!;
    const status = o.status ?? e.status;
    const endDate = o.endDate !== undefined ? o.endDate : e.endDate;
    await files[e.programmeCode]!.write(
      csvLine([
        V.PROGRAMME.label[e.programmeCode],
        `${e.programmeCode.replace('_', '-')}-${e._id}`,
        h.kkNumber,
        o.nik ?? nikOf(plan, who),
        (o.fullName ?? who.fullName).toUpperCase(),
        iso(who.birthDate),
        iso(o.startDate ?? e.startDate),
        iso(endDate),
        V.ENROLLMENT_STATUS.label[status],
        e.components.join(';'),
        asOf,
      ]),
    );
  }
}

export async function writeTrainings(trainings: LineFile, participants: LineFile, idx: RegencyIndex, plan: Plan): Promise<void> {
  const asOf = iso(plan.asOf);
  await trainings.write(csvLine(TRAINING_COLUMNS), false);
  for (const t of idx.regency.trainings) {
    await trainings.write(
      csvLine([`PLT${t._id.slice(1)}`, t.title, t.organizer, V.TRAINING_CATEGORY.label[t.category], iso(t.startDate), iso(t.endDate), t.desaCode, t.quota, asOf]),
    );
  }
  await participants.write(csvLine(PARTICIPATION_COLUMNS), false);
  for (const tp of idx.regency.participations) {
    const p = idx.person.get(tp.personId)!;
    await participants.write(
      csvLine([
        `PLT${tp.trainingId.slice(1)}`,
        nikOf(plan, p),
        p.fullName.toUpperCase(),
        V.PARTICIPATION_STATUS.label[tp.status],
        tp.outcome ? V.TRAINING_OUTCOME.label[tp.outcome] : '',
        asOf,
      ]),
    );
  }
}

export async function writeKarangTaruna(file: LineFile, members: readonly KarangTarunaMember[], idx: RegencyIndex, plan: Plan): Promise<void> {
  await file.write(csvLine(KARANG_TARUNA_COLUMNS), false);
  for (const m of members) {
    const p = idx.person.get(m.personId)!;
    await file.write(csvLine([m.desaCode, nikOf(plan, p), p.fullName.toUpperCase(), V.KARANG_TARUNA_ROLE.label[m.role], iso(m.since), iso(plan.asOf)]));
  }
}

export async function writePilar(file: LineFile, idx: RegencyIndex, plan: Plan): Promise<void> {
  await file.write(csvLine(PILAR_COLUMNS), false);
  for (const p of idx.regency.pilar) {
    await file.write(
      csvLine([`PS-${p._id.slice(2)}`, p.fullName, V.PILAR_ROLE.label[p.role], p.kecamatanCodes.join(';'), p.desaCodes.join(';'), p.active ? 'YA' : 'TIDAK', iso(plan.asOf)]),
    );
  }
}
