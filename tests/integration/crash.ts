import type { JournaledChunk } from '../../src/integration/chunkImport';
import type { ImportOptions } from '../../src/integration/runner';

/** Thrown by the injected failure point: the run is left as a killed process leaves it. */
export class SimulatedCrash extends Error {}

/**
 * Import options that stop the import as a killed process would, at chunk `chunk`: after its
 * journal is committed (`journaled`) or with half of its writes applied (`half-applied`).
 */
export function crashAt(chunk: number, phase: 'journaled' | 'half-applied'): Pick<ImportOptions, 'afterJournal'> {
  return {
    afterJournal: async (c: JournaledChunk) => {
      if (c.number !== chunk) return;
      if (phase === 'journaled') throw new SimulatedCrash(`simulated crash after journaling chunk ${chunk}`);
      await c.apply(c.ops.slice(0, Math.ceil(c.ops.length / 2)));
      throw new SimulatedCrash(`simulated crash while applying chunk ${chunk}`);
    },
  };
}
