import { officeViewer, type Viewer } from '../../src/auth/viewer';
import { LinkKey } from '../../src/db/models/linkKey';
import { Person, type PersonDoc } from '../../src/db/models/person';
import { linkKey } from '../../src/integration/linkage';
import { approveDataChange, proposeDataChange } from '../../src/workflows/dataChanges';
import { recordVisit } from '../../src/workflows/visits';

/*
 * The seeded world's verval: corrections verified in the field and approved before the extracts' data date
 * (Plan.verval), applied through the portals' workflows themselves (a visit, a proposal, an approval by another
 * person: maker-checker) once Senopati has created the persons and before DT-SEN is imported. DT-SEN, dated later,
 * states the old value: the importer finds VERVAL_CONTRADICTED (docs/domain.md section 9), as the answer key says.
 * Idempotent: the idempotency keys are fixed, so a second load answers the first results and changes nothing.
 */

/** An approval as the extracts name its person: by the NIK every source gives. */
export interface SeededApproval {
  nik: string;
  phone: string;
  visitDate: string;
}

const viewer = (sub: string): Viewer => officeViewer('ADMIN', `seed:${sub}`, 'seed');

/**
 * Applies the approvals to the golden records (which the Senopati import must have created); answers the persons they
 * changed (an import's record cache must forget them).
 */
export async function applySeededApprovals(approvals: readonly SeededApproval[], now: Date = new Date()): Promise<string[]> {
  const field = viewer('psm');
  const office = viewer('operator');
  const changed: string[] = [];
  for (const a of approvals) {
    // Through the importer's link key (an `_id` lookup): on a first load the `nik` index is built only after the data.
    const link = await LinkKey.findById(linkKey.nik(a.nik)).lean();
    const person = link ? await Person.findById(link.id).lean<PersonDoc>() : null;
    if (!person) throw new Error(`seeded approval: no person has NIK ${a.nik}; import Senopati first`);
    const key = `seed-verval-${person._id}`;
    const visit = await recordVisit(
      { viewer: field, requestId: 'seed', now },
      { idempotencyKey: `${key}-visit`, personId: person._id, date: new Date(a.visitDate), outcome: 'FOUND', observed: { phone: a.phone } },
    );
    const request = await proposeDataChange(
      { viewer: field, requestId: 'seed', now },
      { idempotencyKey: `${key}-propose`, personId: person._id, changes: { phone: a.phone }, visitId: String(visit._id) },
    );
    await approveDataChange(
      { viewer: office, requestId: 'seed', now },
      { idempotencyKey: `${key}-approve`, requestId: String(request._id), expectedVersion: 0, reason: 'seeded: verified on a visit' },
    );
    changed.push(person._id);
  }
  return changed;
}
