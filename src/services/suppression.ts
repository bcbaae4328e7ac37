import { SMALL_CELL } from '../auth/matrix';

/*
 * Small-cell suppression with complementary suppression (issue 13 item 5). A table's cells add up to a total the
 * reader knows (published next to them, or by another table or level): with one cell hidden, the total less the
 * others gives it back. So a table never has exactly one suppressed cell: the next smallest is hidden with it.
 */

/**
 * Which cells of one table to suppress (true): primary, every count of 1 to `threshold - 1`; complementary, when
 * that leaves exactly one, the smallest other nonzero cell too (ties: the first). Zeros stay shown: they single out
 * nobody, and hiding one would not protect a cell a reader may know to be empty.
 */
export function suppressTable(counts: readonly number[], threshold: number = SMALL_CELL): boolean[] {
  const out = counts.map((n) => n > 0 && n < threshold);
  if (out.filter(Boolean).length !== 1) return out;
  let next = -1;
  counts.forEach((n, i) => {
    if (!out[i] && n > 0 && (next < 0 || n < counts[next]!)) next = i;
  });
  if (next >= 0) out[next] = true;
  return out;
}

/** Whether a total is itself small (then everything it is the total of is suppressed). */
export const smallTotal = (n: number, threshold: number = SMALL_CELL): boolean => n > 0 && n < threshold;
