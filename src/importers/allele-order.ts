import { alleleRepeatValue } from '../kinship';

/**
 * Sort key of a canonical allele designation. SWGDAM order as quoted by the CODIS CMF 3.2
 * Interface Specification §3.1.2 ("<9, 9, 9.1, 9.2, 9.3, 10, >10"): by repeat number, a
 * below-ladder call just before its bound, an above-ladder call just after its bound and its
 * microvariants, X before Y, an unspecified off-ladder call ("OL") last.
 */
function sortKey(designation: string): number {
  if (designation === 'X') return -2;
  if (designation === 'Y') return -1;
  const value = alleleRepeatValue(designation);
  if (value === null) return Number.POSITIVE_INFINITY;
  if (designation.startsWith('<')) return value - 0.05;
  if (designation.startsWith('>')) return value + 0.95;
  return value;
}

/** Comparator for canonical allele designations (see {@link sortKey}); ties broken by text. */
export function compareAlleles(a: string, b: string): number {
  const d = sortKey(a) - sortKey(b);
  if (d !== 0 && !Number.isNaN(d)) return d;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A sorted copy of the designations. */
export function sortAlleles(designations: readonly string[]): string[] {
  return [...designations].sort(compareAlleles);
}
