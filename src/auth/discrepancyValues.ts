import { GraphQLError } from 'graphql';
import type { DiscrepancyDoc } from '../db/models/discrepancy';
import { discrepancyValueFields, discrepancyValuesDecision } from './decide';
import type { IdentifierMasks } from './masking';
import type { Viewer } from './viewer';

/** What a viewer reads instead of a value about a person it does not see. */
export const OUT_OF_SCOPE = '(about a person outside your scope)';

/**
 * The conflicting values of a discrepancy as this viewer may read them. A discrepancy the viewer may
 * not read the values of does not exist for it (scope.ts), so the denial below is a second line
 * only. NIK and KK numbers are masked (with the digits they encode) for viewers who read them
 * masked; a value about another person than the subject (DUPLICATE_NIK: that person's NIK) is read
 * only by viewers who see that person. Refuses (FORBIDDEN) before anything is read; the reader it
 * returns takes `seen`, the ids of those other persons the viewer's loaders found.
 */
export function discrepancyValuesReader(viewer: Viewer, masks: IdentifierMasks, d: DiscrepancyDoc): (seen: ReadonlySet<string>) => DiscrepancyDoc['values'] {
  const decision = discrepancyValuesDecision(viewer, d.kind, d.aspect);
  if (decision === 'deny') {
    throw new GraphQLError(`your role may not read the values of a ${d.kind} discrepancy: they reveal ${discrepancyValueFields(d.kind, d.aspect).join(', ')}`, {
      extensions: { code: 'FORBIDDEN' },
    });
  }
  return (seen) =>
    d.values.map((v) => {
      if (v.personId && !seen.has(v.personId)) return { ...v, value: OUT_OF_SCOPE };
      return decision === 'mask' ? { ...v, value: masks.inDiscrepancyText(d.kind, d.aspect, v.maskedValue ?? v.value) } : v;
    });
}
