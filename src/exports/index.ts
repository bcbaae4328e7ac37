import type { ExportKind } from './kind';
import { aidProposalsExport } from './aidProposals';
import { referralsExport } from './referrals';

/**
 * Every kind of `npm run export -- <kind> --out <file>`. A kind is one module of this folder implementing ExportKind
 * (./kind.ts), registered here; its format is documented in docs/formats/.
 */
export const EXPORT_KINDS: Record<string, ExportKind> = {
  referrals: referralsExport,
  'aid-proposals': aidProposalsExport,
};
