import { parseQuery } from '../../agents/fetcher/query.js';
import { resolveSource } from '../../agents/fetcher/sources.js';
import type { Config } from '../../src/config.js';
import { UsageError } from '../../src/errors.js';
import type { RunRequest } from './state.js';

/** What a run is asked for, before it is checked (the CLI's flags, the dashboard's form). */
export type RunFields = Omit<RunRequest, 'since' | 'until' | 'categories'> & { since?: string | null; until?: string | null; categories?: string[] };

/**
 * Checks a run request before anything is opened or written: the query parses, the dates are in order,
 * the source exists. Throws a UsageError of one line; `name` spells an option as the caller's user
 * knows it (`--since` on the command line).
 */
export function checkRunRequest(fields: RunFields, config: Config, name: (option: string) => string = (o) => o): RunRequest {
  const query = fields.query.trim();
  parseQuery(query);
  if (fields.since && fields.until && fields.since > fields.until) {
    throw new UsageError(`${name('since')} ${fields.since} is after ${name('until')} ${fields.until}`);
  }
  resolveSource(fields.source, config);
  return { ...fields, query, since: fields.since ?? null, until: fields.until ?? null, categories: fields.categories ?? [] };
}
