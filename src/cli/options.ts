import { UsageError } from '../errors.js';

/** Parses a positive integer flag, or throws a UsageError naming the flag. */
export function positiveInt(flag: string, min = 1) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new UsageError(`${flag} must be a whole number of at least ${min}, got "${value}"`);
    }
    return n;
  };
}

/** Parses a YYYY-MM-DD date that exists on the calendar. */
export function isoDay(flag: string) {
  return (value: string): string => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
    const d = m ? new Date(`${value.trim()}T00:00:00Z`) : null;
    if (!m || !d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value.trim()) {
      throw new UsageError(`${flag} must be a date like 2025-03-31, got "${value}"`);
    }
    return value.trim();
  };
}

/** Parses a comma-separated list of arXiv categories (cs.CL, math, q-bio.NC). */
export function categoryList(value: string): string[] {
  const cats = value.split(',').map((c) => c.trim()).filter(Boolean);
  for (const c of cats) {
    if (!/^[a-z][a-z-]*(\.[A-Za-z][A-Za-z-]*)?$/.test(c)) throw new UsageError(`--categories: "${c}" is not an arXiv category like cs.CL`);
  }
  if (cats.length === 0) throw new UsageError('--categories needs at least one category, e.g. cs.CL,cs.LG');
  return cats;
}

/** Parses an amount of US dollars (0 or more, e.g. 0.50). */
export function usdAmount(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n)) throw new UsageError(`${flag} must be an amount in US dollars like 0.50, got "${value}"`);
    return n;
  };
}
