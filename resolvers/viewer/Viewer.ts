import type { ViewerResolvers } from '../../src/generated/graphql';
import { viewerContractSdl, viewerGroups, viewerRows, viewerTypes } from '../../src/services/viewer';

export const Viewer: ViewerResolvers = {
  role: ({ viewer }) => viewer.role,
  subject: ({ viewer }) => viewer.subject,
  kecamatanCodes: ({ viewer }) => viewer.area.kecamatanCodes,
  desaCodes: ({ viewer }) => viewer.area.desaCodes,
  rows: ({ viewer }) => viewerRows(viewer),
  purpose: ({ viewer }) => viewer.purpose,
  key: ({ viewer }) =>
    viewer.partner
      ? {
          id: viewer.partner.keyId,
          name: viewer.partner.name,
          expiresAt: viewer.partner.expiresAt?.toISOString() ?? null,
          ratePerMinute: viewer.partner.ratePerMinute ?? null,
          dailyQuota: viewer.partner.dailyQuota ?? null,
          programmes: [...(viewer.partner.programmeCodes ?? [])],
        }
      : null,
  groups: ({ viewer }) => viewerGroups(viewer),
  types: (shape) => viewerTypes(shape),
  contract: (shape) => viewerContractSdl(shape),
};
