import type { SourceStamp } from '../../domain/provenance';
import type { Chunk } from '../chunk';
import { linkKey, loadLinked } from '../linkage';
import { newHousehold, newPerson, observe, outcomeOf, type Outcome, type SourceSpec } from '../source';
import { parseSenopati, SENOPATI_REQUIRED, type SenopatiRow } from '../sources/senopati';

function cardsOf(row: SenopatiRow): string[] {
  return [row.kkNumber, ...row.kkHistory.map((e) => e.kkNumber)];
}

/**
 * The civil registry: creates and keys golden persons by NIK and households by
 * KK number. A family whose card changed is found by any card it held.
 */
export const senopati: SourceSpec<SenopatiRow> = {
  name: 'senopati',
  dataSource: 'SENOPATI',
  format: 'jsonl',
  description: 'a Senopati extract (civil registry, one JSON object per person per line)',
  requiredKeys: SENOPATI_REQUIRED,
  parse: parseSenopati,

  clusterKeys: (r) => [linkKey.nik(r.nik), ...cardsOf(r).map(linkKey.kk)],

  async prefetch(rows, chunk) {
    await loadLinked(
      chunk,
      rows.flatMap((r) => senopati.clusterKeys!(r)),
    );
  },

  apply(row: SenopatiRow, stamp: SourceStamp, chunk: Chunk): Outcome {
    let personId = chunk.link(linkKey.nik(row.nik));
    const outcome = outcomeOf('SENOPATI', chunk.persons.get(personId)?.sources?.SENOPATI, stamp);
    if (outcome === 'unchanged') return outcome;

    const cards = cardsOf(row);
    let householdId = cards.map((k) => chunk.link(linkKey.kk(k))).find((id) => id !== undefined);
    if (!householdId) householdId = chunk.households.put(newHousehold(chunk.ids.next('H')))._id;
    // A card already pointing at another family keeps pointing there: cards are never reassigned silently.
    for (const k of cards) if (!chunk.link(linkKey.kk(k))) chunk.setLink(linkKey.kk(k), householdId);
    const household = chunk.households.need(householdId);

    if (!personId) {
      personId = chunk.persons.put(newPerson(chunk.ids.next('P')))._id;
      chunk.setLink(linkKey.nik(row.nik), personId);
    }
    const person = chunk.persons.need(personId);
    const { asOf: _asOf, kkIssued, kkHistory, desaCode, address, ...identity } = row;
    observe(person, 'SENOPATI', { ...identity, householdId }, stamp);
    if (observe(household, 'SENOPATI', { kkNumber: row.kkNumber, kkIssued, kkHistory, desaCode, address }, stamp)) chunk.touchedHouseholds.add(householdId);
    chunk.touchedPersons.add(personId);
    chunk.touchedHouseholds.add(householdId);
    return outcome;
  },
};
