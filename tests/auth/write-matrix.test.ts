import { isObjectType } from 'graphql';
import { MUTATION_ACTIONS, ROW_SCOPE, WRITE_ACTIONS, WRITE_MATRIX, writeCellText, type WriteAction } from '../../src/auth/matrix';
import { buildBareSchema } from '../../src/server/schema';

/*
 * docs/domain.md section 9's write matrix, written out again here on purpose (not read from
 * src/auth/writeMatrix.ts), so that a wrong cell fails a test.
 */
const SECTION_9: Record<string, string> = {
  //                    VISIT  DQ    PROPOSE DECIDE_DC SUBMIT_AID     VERIFY_AID DECIDE_AID TRAINING
  ADMIN: '✓     ✓     ✓       ✓         ✓              ✓          ✓          ✓',
  OPERATOR: '✓     ✓     ✓       ✓         ✓              ✓          ✓          ✓',
  PENDAMPING_PKH: 'P:PKH P:PKH P:PKH   -         P:PKH/PKH      -          -          -',
  TKSK: '✓     ✓     ✓       -         ✓              ✓          -          -',
  FASILITATOR_SLRT: '✓     ✓     ✓       -         ✓              -          -          -',
  PENDAMPING_REHSOS: 'P:DIS -     P:DIS   -         P:DIS/ATENSI   -          -          -',
  TAGANA: '-     -     -       -         -              -          -          -',
  PELOPOR_PERDAMAIAN: '-     -     -       -         -              -          -          -',
  PSM: '✓     ✓     ✓       -         ✓              -          -          ✓',
  KARANG_TARUNA: '-     -     -       -         -              -          -          P:YOUTH',
  PARTNER: '-     -     -       -         -              -          -          -',
};
const POPULATION: Record<string, string> = { PKH: 'PKH_FAMILIES', DIS: 'WITH_DISABILITY', YOUTH: 'YOUTH' };

function expectedCell(text: string): unknown {
  if (text === '✓' || text === '-') return text;
  const [population, programme] = text.slice(2).split('/');
  return programme ? { population: POPULATION[population!], programmes: [programme] } : { population: POPULATION[population!] };
}

describe('the write matrix', () => {
  it.each(Object.keys(SECTION_9))('%s: every action as section 9 says', (role) => {
    const cells = SECTION_9[role]!.trim().split(/\s+/);
    expect(Object.fromEntries(WRITE_ACTIONS.map((a) => [a, WRITE_MATRIX[role as keyof typeof WRITE_MATRIX][a]]))).toEqual(
      Object.fromEntries(WRITE_ACTIONS.map((a, i) => [a, expectedCell(cells[i]!)])),
    );
  });

  it('covers every role but anonymous', () => {
    expect(Object.keys(WRITE_MATRIX).sort()).toEqual(Object.keys(SECTION_9).sort());
  });

  it("limits a P cell to the population the role's row scope already holds, so the row filter enforces it", () => {
    for (const [role, cells] of Object.entries(WRITE_MATRIX)) {
      for (const action of WRITE_ACTIONS) {
        const cell = cells[action as WriteAction];
        if (typeof cell !== 'object') continue;
        const scope = ROW_SCOPE[role as keyof typeof ROW_SCOPE];
        expect([role, action, scope.kind === 'AREA' ? scope.population : scope.kind]).toEqual([role, action, cell.population]);
      }
    }
  });

  it('names an action for every mutation of the schema, and no mutation the schema lacks', () => {
    const mutation = buildBareSchema().getMutationType();
    const fields = mutation && isObjectType(mutation) ? Object.keys(mutation.getFields()).sort() : [];
    expect(Object.keys(MUTATION_ACTIONS).sort()).toEqual(fields);
    for (const action of Object.values(MUTATION_ACTIONS)) expect(WRITE_ACTIONS).toContain(action);
  });

  it('shows population cells in the docs with the programmes they are limited to', () => {
    expect(writeCellText(WRITE_MATRIX.PENDAMPING_PKH.SUBMIT_AID_PROPOSAL)).toBe('P (PKH families; PKH only)');
  });
});
