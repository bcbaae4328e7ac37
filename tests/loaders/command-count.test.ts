import mongoose from 'mongoose';
import { scenarioRegency } from '../helpers/regency';
import { NESTED } from './nested-query';
import { useRegencyHub } from '../helpers/useHub';

/*
 * Per-request DataLoaders: one nested query costs the same number of database
 * commands whatever its page size, because every relation is read in one
 * batch per level of the query, not once per parent.
 */

const regency = scenarioRegency('small');
const hub = useRegencyHub('small');

/** The read commands a read can take: the first batch and any further batches of a cursor. */
const READS = new Set(['find', 'getMore', 'aggregate', 'count', 'distinct']);

interface Counted {
  /** `command collection`, in the order sent. */
  commands: string[];
  body: any;
}

/** Posts one request and records the read commands the driver sends while it runs (nothing else runs meanwhile). */
async function countCommands(query: string, variables: Record<string, unknown>): Promise<Counted> {
  const client = mongoose.connection.getClient();
  const commands: string[] = [];
  const listener = (e: { commandName: string; command: Record<string, unknown> }) => {
    if (READS.has(e.commandName)) commands.push(`${e.commandName} ${String(e.command[e.commandName])}`);
  };
  client.on('commandStarted', listener);
  try {
    const { body } = await hub.post(query, variables);
    return { commands, body };
  } finally {
    client.off('commandStarted', listener);
  }
}

const finds = (c: Counted) => c.commands.filter((x) => !x.startsWith('getMore'));

describe('the nested household query', () => {
  it('runs on a connection that reports its commands (monitorCommands, src/db/connection.ts)', () => {
    expect(mongoose.connection.getClient().options.monitorCommands).toBe(true);
  });

  it('has a regency whose first 100 households fill the page and reach trainings, so every level of the query has rows at both sizes', () => {
    expect(regency.households.length).toBeGreaterThan(100);
    const trained = new Set(regency.participations.map((tp) => tp.personId));
    const firstTen = new Set(
      regency.households
        .map((h) => h._id)
        .sort()
        .slice(0, 10),
    );
    expect(regency.persons.some((p) => firstTen.has(p.householdId!) && trained.has(p._id))).toBe(true);
  });

  it('sends as many find, aggregate and count commands for a page of 100 households as for a page of 10', async () => {
    await countCommands(NESTED, { first: 10 }); // warm-up: connections, schema caches
    const ten = await countCommands(NESTED, { first: 10 });
    const hundred = await countCommands(NESTED, { first: 100 });
    expect(ten.body.errors).toBeUndefined();
    expect(hundred.body.errors).toBeUndefined();
    expect(ten.body.data.households.edges).toHaveLength(10);
    expect(hundred.body.data.households.edges).toHaveLength(100);
    expect(finds(hundred).sort()).toEqual(finds(ten).sort());
    // One batch per relation and level, not one per row: a handful, far fewer than the 100 households.
    expect(finds(hundred).length).toBeLessThan(25);
  });

  it("reads each family and person of the page once: the members' household, and a participant who is a member, come from what the page and the members' read returned", async () => {
    const client = mongoose.connection.getClient();
    const byId: { collection: string; ids: string[] }[] = [];
    const listener = (e: { commandName: string; command: Record<string, any> }) => {
      const ids = e.command.filter?._id?.$in;
      if (e.commandName === 'find' && Array.isArray(ids)) byId.push({ collection: String(e.command.find), ids: ids as string[] });
    };
    client.on('commandStarted', listener);
    let body: any;
    try {
      ({ body } = await hub.post(NESTED, { first: 100 }));
    } finally {
      client.off('commandStarted', listener);
    }
    expect(body.errors).toBeUndefined();
    const page = body.data.households.edges.map((e: any) => e.node);
    const families = new Set<string>(page.map((h: any) => h.id));
    const members = new Set<string>(page.flatMap((h: any) => h.members.map((m: any) => m.id)));
    // The answer still names each member's household (the page's own row).
    for (const h of page) for (const m of h.members) expect(families.has(m.household.id)).toBe(true);
    expect(byId.filter((f) => f.collection === 'households' && f.ids.some((id) => families.has(id)))).toEqual([]);
    expect(byId.filter((f) => f.collection === 'persons' && f.ids.some((id) => members.has(id)))).toEqual([]);
  });

  it('sends no more commands of any kind, getMore included, for a page of 100 than for a page of 10', async () => {
    await countCommands(NESTED, { first: 10 });
    const ten = await countCommands(NESTED, { first: 10 });
    const hundred = await countCommands(NESTED, { first: 100 });
    expect(hundred.commands.length).toBe(ten.commands.length);
  });
});
