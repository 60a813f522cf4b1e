/** Likelihood-ratio bands reported to the alert hub instead of the LR itself. */
export const LR_BANDS = ['<1e4', '1e4-1e6', '1e6-1e9', '>=1e9'] as const;
export type LrBand = (typeof LR_BANDS)[number];

/**
 * The band of a kinship LR given as log10 LR. The lower edge 1e4 is the Chinese practice for a
 * reportable kinship hit (combined paternity index ≥ 10,000 before a re-test; DESIGN.md,
 * "Thresholds follow practice"); 1e6 and 1e9 mark very strong and overwhelming support. A band,
 * not the number, leaves the hub enough to prioritise without exposing the genetic evidence.
 */
export function lrBand(log10Lr: number): LrBand {
  if (!(log10Lr >= 4)) return '<1e4';
  if (log10Lr < 6) return '1e4-1e6';
  if (log10Lr < 9) return '1e6-1e9';
  return '>=1e9';
}
