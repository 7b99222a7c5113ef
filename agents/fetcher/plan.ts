import { arxivSearchQuery } from './sources.js';
import type { FetchRequest } from './schema.js';

/**
 * The plan step: resolves the request into the exact arXiv query it stands for (free text becomes
 * `all:` terms, categories and dates become filters). The live source sends this query; local sources
 * apply the same filters. Throws UsageError for a query that does not parse.
 */
export function planSearch(state: { request: FetchRequest }): { searchQuery: string } {
  return { searchQuery: arxivSearchQuery(state.request) };
}
