import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { EXPORT_KINDS } from '../exports';
import { createLogger } from '../log';

const USAGE = `usage: npm run -s export -- <kind> --out <file> [--again]
kinds:
${Object.values(EXPORT_KINDS)
  .map((k) => `  ${k.describe}`)
  .join('\n')}
Writes the records not yet exported (--again: all of them) to <file>, complete or not at all, then marks them exported,
and prints the row accounting: read = written + skipped, with the reason of every skip.`;

/** `npm run export`: files for the systems that act on the hub's decisions (src/exports/). */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, again: { type: 'boolean', default: false } } });
  const kind = EXPORT_KINDS[positionals[0] ?? ''];
  if (!kind || positionals.length !== 1 || !values.out) throw new Error(USAGE);
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await openDatabase(config, log, { owner: 'npm run export', shareRunningEngine: true });
  try {
    const out = values.out;
    const tmp = `${out}.partial`;
    const fd = openSync(tmp, 'w');
    const written: string[] = [];
    const skipped = new Map<string, number>();
    let read = 0;
    try {
      if (kind.header) writeSync(fd, `${kind.header}\n`);
      for await (const record of kind.select(values.again)) {
        read++;
        if ('line' in record) {
          writeSync(fd, `${record.line}\n`);
          written.push(record.id);
        } else skipped.set(record.skipped, (skipped.get(record.skipped) ?? 0) + 1);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const skips = [...skipped.values()].reduce((a, b) => a + b, 0);
    if (read !== written.length + skips) throw new Error(`row accounting does not hold: read ${read} != written ${written.length} + skipped ${skips}`);
    // The file is complete before anything is marked: a crash before the rename leaves nothing marked, and the next run writes them again.
    renameSync(tmp, out);
    await kind.markExported(written, new Date());
    console.log(`${positionals[0]}: read ${read} = written ${written.length} + skipped ${skips} -> ${out} (format: ${kind.format})`);
    for (const [reason, n] of skipped) console.log(`  skipped ${n}: ${reason}`);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(`simpul export: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
