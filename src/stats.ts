import { errorFunction } from 'simple-statistics';

/**
 * Two-sided p-value of a two-proportion z-test (pooled), x1 of n1 against x2 of n2. Small counts give
 * large p-values, so 2 -> 4 papers out of thousands is not called a trend. Returns 1 when undefined.
 */
export function twoProportionPValue(x1: number, n1: number, x2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 1;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (se === 0) return 1;
  const z = Math.abs(x1 / n1 - x2 / n2) / se;
  // Upper tail of the standard normal, from erf (simple-statistics' table stops at z = 3.09).
  return Math.min(1, 1 - errorFunction(z / Math.SQRT2));
}
