import type { TrainingRecord } from '../../src/domain/records';
import {
  cursorFromList,
  expectBadInput,
  expectFirstZeroHasNextPage,
  expectForeignCursorRefused,
  idsOf,
  isoDay,
  itPagesLikeAConnection,
  PAGE_FIELDS,
  scenarioRegency,
  walkPages,
  type PagedList,
  type PagingSubject,
} from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';

const regency = scenarioRegency('small');
const hub = useRegencyHub('small');

const TRAININGS: PagedList = {
  query: `query($filter: TrainingFilter, $first: Int, $after: String) { trainings(filter: $filter, first: $first, after: $after) { ${PAGE_FIELDS} } }`,
  connection: (data) => data.trainings,
};

const PARTICIPANTS: PagedList = {
  query: `query($id: ID!, $first: Int, $after: String) { training(id: $id) { participants(first: $first, after: $after) { ${PAGE_FIELDS} } } }`,
  connection: (data) => data.training.participants,
};

const participationsOf = (t: TrainingRecord) => regency.participations.filter((p) => p.trainingId === t._id);
/** The training with the most participants: the longest participant list to page through. */
const biggest = [...regency.trainings].sort((a, b) => participationsOf(b).length - participationsOf(a).length)[0]!;

describe('training(id)', () => {
  it('finds every training by id with its title, organiser, category, dates, venue, quota and participant count', async () => {
    for (const t of regency.trainings) {
      const { body } = await hub.post(
        'query($id: ID!) { training(id: $id) { id title organizer category startDate endDate desa { code kecamatan { code } } quota participantCount } }',
        { id: t._id },
      );
      expect(body.data.training).toEqual({
        id: t._id,
        title: t.title,
        organizer: t.organizer,
        category: t.category,
        startDate: isoDay(t.startDate),
        endDate: isoDay(t.endDate),
        desa: { code: t.desaCode, kecamatan: { code: t.kecamatanCode } },
        quota: t.quota,
        participantCount: participationsOf(t).length,
      });
    }
  });

  it('answers null for a well-formed id no training has', async () => {
    const { body } = await hub.post('{ training(id: "T99999") { id } }');
    expect(body).toEqual({ data: { training: null } });
  });

  it.each(['T1', 'TP00000001', 'P0000001', 't00001'])('refuses the malformed training id %p with BAD_USER_INPUT naming id', async (id) => {
    const { body } = await hub.post('query($id: ID!) { training(id: $id) { id } }', { id });
    expect(body.data.training).toBeNull();
    expectBadInput(body, 'id');
  });
});

describe('trainings(filter)', () => {
  type Case = [string, Record<string, unknown>, (t: TrainingRecord) => boolean];
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  // A window around the middle training's dates, so that the overlap rule has trainings on both sides.
  const sorted = [...regency.trainings].sort((a, b) => a.startDate.getTime() - b.startDate.getTime());
  const mid = sorted[Math.floor(sorted.length / 2)]!;
  const from = isoDay(mid.startDate)!;
  const to = isoDay(mid.endDate)!;
  const venue = regency.trainings[0]!;
  const cases: Case[] = [
    ['no filter', {}, () => true],
    ...(['VOCATIONAL', 'ENTREPRENEURSHIP', 'PILAR_CAPACITY'] as const).map((c): Case => [`category ${c}`, { category: c }, (t) => t.category === c]),
    [`from ${from} (ends on or after)`, { from }, (t) => t.endDate >= day(from)],
    [`to ${to} (starts on or before)`, { to }, (t) => t.startDate <= day(to)],
    [`from ${from} to ${to} (overlaps the window)`, { from, to }, (t) => t.endDate >= day(from) && t.startDate <= day(to)],
    [`one day, the last day of ${mid._id}`, { from: to, to }, (t) => t.endDate >= day(to) && t.startDate <= day(to)],
    [`kecamatanCode ${venue.kecamatanCode}`, { kecamatanCode: venue.kecamatanCode }, (t) => t.kecamatanCode === venue.kecamatanCode],
    [`desaCode ${venue.desaCode}`, { desaCode: venue.desaCode }, (t) => t.desaCode === venue.desaCode],
    [
      'every condition at once',
      { category: venue.category, kecamatanCode: venue.kecamatanCode, desaCode: venue.desaCode, from: isoDay(venue.startDate), to: isoDay(venue.startDate) },
      (t) => t.category === venue.category && t.desaCode === venue.desaCode && t.endDate >= venue.startDate && t.startDate <= venue.startDate,
    ],
    ['from after every training', { from: '2026-11-01' }, () => false],
  ];

  it('has the generated regency to filter: every condition keeps some trainings and leaves some out', () => {
    for (const [name, , keep] of cases.slice(1, -1)) {
      const n = regency.trainings.filter(keep).length;
      expect({ name, some: n > 0, notAll: n < regency.trainings.length }).toEqual({ name, some: true, notAll: true });
    }
  });

  it.each(cases)('%s answers exactly the trainings the generated regency holds for it', async (_name, filter, keep) => {
    const expected = idsOf(regency.trainings.filter(keep));
    const { ids, pages } = await walkPages(hub, TRAININGS, { filter }, 100);
    expect(ids).toEqual(expected);
    expect(pages[0]!.totalCount).toBe(expected.length);
  });

  it.each([
    [{ from: '2025-06-01', to: '2025-05-31' }, 'filter.from', 'after filter.to'],
    [{ kecamatanCode: '35.19.20' }, 'filter.kecamatanCode', 'does not exist'],
    [{ desaCode: '35.19.1.2001' }, 'filter.desaCode', 'is not a desa code'],
  ])('refuses the filter %j with BAD_USER_INPUT naming %s', async (filter, argument, why) => {
    const { body } = await hub.post(TRAININGS.query, { filter, first: 10 });
    expect(expectBadInput(body, argument).message).toContain(why);
  });

  it.each(['2025-02-30', '2025-13-01', '25-01-01', '2025-01-01T00:00:00Z'])('refuses the date %p with BAD_USER_INPUT saying how to write one', async (from) => {
    const { body } = await hub.post(TRAININGS.query, { filter: { from }, first: 10 });
    expect(expectBadInput(body).message).toContain('YYYY-MM-DD');
  });
});

describe('trainings', () => {
  const subject = (): PagingSubject => ({
    hub,
    list: TRAININGS,
    variables: {},
    expectedIds: idsOf(regency.trainings),
    emptyVariables: { filter: { from: '2026-11-01' } },
    foreignCursor: () => cursorFromList(hub, 'households'),
  });
  itPagesLikeAConnection('all trainings', subject);

  it('refuses a cursor taken from the households list with BAD_USER_INPUT naming after', () => expectForeignCursorRefused(subject()));

  it('answers first: 0 on a non-empty list with hasNextPage true', () => expectFirstZeroHasNextPage(subject()));
});

describe('training(id).participants', () => {
  const subject = (): PagingSubject => ({
    hub,
    list: PARTICIPANTS,
    variables: { id: biggest._id },
    expectedIds: idsOf(participationsOf(biggest)),
    emptyVariables: null,
    foreignCursor: () => cursorFromList(hub, 'households'),
  });
  itPagesLikeAConnection(`the ${participationsOf(biggest).length} participants of the biggest training`, subject, { canBeEmpty: false });

  it('answers first: 0 on a non-empty list with hasNextPage true', () => expectFirstZeroHasNextPage(subject()));

  it('refuses a cursor taken from the households list with BAD_USER_INPUT naming after', () => expectForeignCursorRefused(subject()));

  it('gives each participation its status and outcome, and totalCount equal to participantCount, for every training', async () => {
    for (const t of regency.trainings) {
      const { body } = await hub.post(
        'query($id: ID!) { training(id: $id) { participantCount participants(first: 100) { totalCount edges { node { id status outcome training { id } } } } } }',
        { id: t._id },
      );
      const expected = [...participationsOf(t)].sort((a, b) => (a._id < b._id ? -1 : 1));
      expect(body.data.training.participantCount).toBe(expected.length);
      expect(body.data.training.participants.totalCount).toBe(expected.length);
      expect(body.data.training.participants.edges.map((e: any) => e.node)).toEqual(
        expected.map((p) => ({ id: p._id, status: p.status, outcome: p.outcome, training: { id: t._id } })),
      );
    }
  });
});
