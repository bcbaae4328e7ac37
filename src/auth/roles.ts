import { PILAR_ROLES } from '../domain/codes';

/** Roles held by pilar accounts: their row scope comes from the pilar's assignment. */
export { PILAR_ROLES };

/** Every role: the office's own, the pilar roles (domain/codes.ts, one list for models and tokens), partners, the anonymous. */
export const ROLES = ['ADMIN', 'OPERATOR', ...PILAR_ROLES, 'PARTNER', 'ANONYMOUS'] as const;
export type Role = (typeof ROLES)[number];
