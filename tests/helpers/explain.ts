import mongoose from 'mongoose';

/** A find the hub sent: its collection, filter and order. */
export interface SentFind {
  collection: string;
  filter: Record<string, unknown>;
  sort?: Record<string, unknown>;
}

/** The finds the hub sends while `run` answers its requests (from the driver's command events). */
export async function findsOf(run: () => Promise<unknown>): Promise<SentFind[]> {
  const client = mongoose.connection.getClient();
  const out: SentFind[] = [];
  const listener = (e: { commandName: string; command: Record<string, unknown> }) => {
    if (e.commandName === 'find')
      out.push({ collection: String(e.command.find), filter: e.command.filter as Record<string, unknown>, sort: e.command.sort as Record<string, unknown> | undefined });
  };
  client.on('commandStarted', listener);
  try {
    await run();
  } finally {
    client.off('commandStarted', listener);
  }
  return out;
}

/** The embedded engine's SQLite plan of a find, one line per step (`queryPlanner.Plan`). */
export async function planOf(f: SentFind): Promise<string> {
  const e = (await mongoose.connection.db!.command({ explain: { find: f.collection, filter: f.filter, ...(f.sort ? { sort: f.sort } : {}) }, verbosity: 'queryPlanner' })) as {
    queryPlanner: { Plan: string[] };
  };
  return e.queryPlanner.Plan.join('\n');
}

/** Whether the database is the embedded engine (FerretDB names its version in `buildInfo`), whose plans the explain specs read. */
export async function onEmbeddedEngine(): Promise<boolean> {
  const info = (await mongoose.connection.db!.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string };
  return info.ferretdbVersion !== undefined;
}
