/**
 * Code-unit order for strings: the same on every machine and locale (localeCompare is neither stable
 * across ICU versions nor fast), for the tie-breaks that keep outputs deterministic.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The most frequent key of a count map; ties go to the first in code-unit order. */
export function mostFrequent(counts: Map<string, number>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [key, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== undefined && key < best)) {
      best = key;
      bestCount = n;
    }
  }
  return best;
}
