import type { ImportCounts } from '../db/models/importRun';
import type { ImportProgress, ImportResult } from './runner';

const number = (n: number) => n.toLocaleString('en-US');

/**
 * Progress of an import for a person watching: a bar redrawn in place on a
 * terminal, one plain line per chunk otherwise (a log file or CI).
 */
export class ProgressReporter {
  private lastDraw = 0;
  private lastLine = '';

  constructor(
    private readonly label: string,
    private readonly out: { readonly isTTY?: boolean; write(text: string): unknown } = process.stderr,
  ) {}

  update(p: ImportProgress): void {
    const share = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 1;
    const rate = p.seconds > 0 ? Math.round(p.counts.read / p.seconds) : 0;
    const text = `${this.label} ${String(Math.round(share * 100)).padStart(3)}%  ${number(p.counts.read)} rows  ${number(rate)} rows/s`;
    if (!this.out.isTTY) {
      // One line per chunk, and not the same line twice.
      if (text !== this.lastLine) this.out.write(`${text}\n`);
      this.lastLine = text;
      return;
    }
    if (Date.now() - this.lastDraw < 100 && share < 1) return;
    this.lastDraw = Date.now();
    const width = 30;
    const done = Math.round(share * width);
    this.out.write(`\r[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${text}\u001b[K`);
  }

  end(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}

export function countsLine(c: ImportCounts): string {
  return `read ${number(c.read)} = inserted ${number(c.inserted)} + updated ${number(c.updated)} + unchanged ${number(c.unchanged)} + rejected ${number(c.rejected)}`;
}

export function summaryLines(label: string, r: ImportResult): string[] {
  const rate = r.seconds > 0 ? Math.round(r.counts.read / r.seconds) : r.counts.read;
  const head = `${label}: ${r.status}${r.runId ? ` (import run ${r.runId}${r.resumed ? ', resumed' : ''})` : ''} in ${r.seconds.toFixed(1)} s`;
  if (r.status === 'REFUSED') return [head, `  refused: ${r.message ?? ''}`, '  no record was written; the refusal is kept as the import run'];
  return [head, `  ${countsLine(r.counts)}`, `  ${number(rate)} rows/s`];
}
