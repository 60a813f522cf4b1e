import type { Language } from './messages';

const SUPERSCRIPT: Readonly<Record<string, string>> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** "10⁻²⁰": ten to an integer power, for axis ticks. */
export function formatTenTo(exponent: number): string {
  return `10${String(exponent).split('').map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/** "3.2 × 10¹²" from a log10 value: LRs of full profiles overflow a double, their log10 does not. */
export function formatPowerOfTen(log10: number): string {
  const exponent = Math.floor(log10);
  const mantissa = 10 ** (log10 - exponent);
  return `${mantissa.toFixed(2)} × ${formatTenTo(exponent)}`;
}

/** An LR for people: plain below a million, else in powers of ten (from log10 LR, exact for huge LRs). */
export function formatLr(lr: number | null, log10Lr: number | null): string {
  if (log10Lr === null) return '0';
  if (lr !== null && Math.abs(log10Lr) < 6) return lr >= 100 ? Math.round(lr).toLocaleString('en') : lr.toPrecision(3);
  return formatPowerOfTen(log10Lr);
}

/** A probability: four decimals, or a power of ten when smaller than 0.0001. */
export function formatProbability(p: number | undefined | null): string | null {
  if (p === undefined || p === null) return null;
  if (p === 0) return '0';
  if (p < 1e-4) return formatPowerOfTen(Math.log10(p));
  return p >= 0.9999 && p < 1 ? '> 0.9999' : p.toFixed(4);
}

/** An expected count (false candidates): three significant digits, or a power of ten below 0.001. */
export function formatExpectedCount(n: number): string {
  if (n === 0) return '0';
  return n < 1e-3 ? formatPowerOfTen(Math.log10(n)) : n.toPrecision(3);
}

export function formatLog10(v: number | null | undefined): string {
  if (v === null || v === undefined) return '−∞';
  return v.toFixed(2).replace('-', '−');
}

export function formatDateTime(iso: string, language: Language): string {
  return new Date(iso).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** A long record id cut for a table cell ("fp_df37b7c9…"); the full id stays in the link target and its title. */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 11)}…` : id;
}
