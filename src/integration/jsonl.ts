import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface JsonlRecord {
  line: number;
  value: unknown;
  raw: string;
  error?: string;
}

/** Reads a JSON-lines file one object per line without holding it in memory; blank lines are skipped. */
export async function* readJsonl(path: string): AsyncGenerator<JsonlRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (let text of lines) {
    lineNo++;
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') continue;
    try {
      yield { line: lineNo, value: JSON.parse(text), raw: text };
    } catch (err) {
      yield { line: lineNo, value: null, raw: text, error: `not valid JSON (${(err as Error).message})` };
    }
  }
}
