import type { EnrollmentStatus, PilarRole, ProgrammeCode } from './records';

/* The closed vocabularies of docs/domain.md section 3, listed once for models, filters and the matrix. */

export const PROGRAMME_CODES = ['PKH', 'BPNT', 'PBI_JK', 'SEKOLAH_RAKYAT', 'PERMODALAN_USAHA', 'ATENSI'] as const satisfies readonly ProgrammeCode[];
export const ENROLLMENT_STATUSES = ['ACTIVE', 'GRADUATED', 'TERMINATED', 'SUSPENDED'] as const satisfies readonly EnrollmentStatus[];
export const PILAR_ROLES = [
  'PENDAMPING_PKH',
  'TKSK',
  'FASILITATOR_SLRT',
  'PENDAMPING_REHSOS',
  'TAGANA',
  'PELOPOR_PERDAMAIAN',
  'PSM',
  'KARANG_TARUNA',
] as const satisfies readonly PilarRole[];
