import type { Command } from 'commander';
import { computeDemand } from '../../../agents/demand/compute.js';
import type { DemandReport } from '../../../agents/demand/schema.js';
import { demandPapers } from '../../../agents/demand/select.js';
import { parseQuery } from '../../../agents/fetcher/query.js';
import { UsageError } from '../../errors.js';
import { cliContext, type GlobalOptions } from '../context.js';
import { categoryList, isoDay, positiveInt } from '../options.js';
import { printJson, printLine, printTable } from '../output.js';
import { withLibrary } from './library.js';

/** Parses "2025-03-01..2025-06-30". */
export function dayRange(flag: string) {
  const day = isoDay(flag);
  return (value: string): { from: string; to: string } => {
    const m = /^([^.]+)\.\.([^.]+)$/.exec(value.trim());
    if (!m) throw new UsageError(`${flag} must be a range like 2025-03-01..2025-06-30, got "${value}"`);
    const range = { from: day(m[1]!), to: day(m[2]!) };
    if (range.from > range.to) throw new UsageError(`${flag}: ${range.from} is after ${range.to}`);
    return range;
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const p = (x: number) => (x < 0.001 ? '<0.001' : x.toFixed(3));

function printDemand(d: DemandReport): void {
  const c = d.comparison;
  printLine(`${d.window.papers} papers${d.window.from || d.window.to ? ` (${d.window.from ?? '…'}..${d.window.to ?? '…'})` : ''}`);
  if (c) printLine(`trend: ${c.before.from}..${c.before.to} (${c.before.papers} papers) -> ${c.after.from ?? '…'}..${c.after.to ?? '…'} (${c.after.papers})${c.automatic ? ', the two halves of the period' : ''}; rising/falling only when p < 0.05`);
  printLine();
  printTable(['#', 'SKILL', 'CATEGORY', 'PAPERS', 'SHARE', 'CHANGE', 'REL', 'P', 'TREND', 'EVIDENCE'], d.skills.map((s, i) => [
    i + 1, s.name, s.category, s.papers, pct(s.share),
    s.change ? `${s.change.absolute >= 0 ? '+' : ''}${s.change.absolute.toFixed(2)}pp` : '',
    s.change?.relative != null ? `${s.change.relative >= 0 ? '+' : ''}${(100 * s.change.relative).toFixed(0)}%` : '',
    s.change ? p(s.change.pValue) : '', s.change?.trend ?? '', s.evidence.map((e) => e.arxivId).join(' '),
  ]));
  if (d.emerging.length) {
    printLine('\nemerging terms (outside the taxonomy, share grew significantly):');
    printTable(['TERM', 'PAPERS', 'BEFORE', 'AFTER', 'P', 'EVIDENCE'], d.emerging.map((t) => [
      t.term, t.papers, pct(t.change.beforeShare), pct(t.change.afterShare), p(t.change.pValue), t.evidence.map((e) => e.arxivId).join(' '),
    ]));
  }
}

type DemandFlags = { query?: string; since?: string; until?: string; compareTo?: { from: string; to: string }; category?: string[]; top: number; minSupport: number };

/** `demand`: skill & technology demand over the whole library, with trends and emerging terms. */
export function registerDemandCommand(program: Command): void {
  program
    .command('demand')
    .description('which skills and technologies the papers of the library name, how that changed, and emerging terms')
    .option('--query <q>', 'only papers matching this query (free text or arXiv syntax)')
    .option('--since <date>', 'papers first published on or after YYYY-MM-DD', isoDay('--since'))
    .option('--until <date>', 'papers first published on or before YYYY-MM-DD', isoDay('--until'))
    .option('--compare-to <from..to>', 'compare with this window (default: the two halves of the period)', dayRange('--compare-to'))
    .option('--category <list>', 'only these arXiv categories, comma-separated (cs.LG, or cs for all of cs)', categoryList)
    .option('--top <n>', 'skills listed', positiveInt('--top'), 20)
    .option('--min-support <n>', 'fewest papers for an emerging term', positiveInt('--min-support'), 5)
    .action(async (flags: DemandFlags, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      if (flags.query !== undefined) parseQuery(flags.query);
      if (flags.since && flags.until && flags.since > flags.until) throw new UsageError(`--since ${flags.since} is after --until ${flags.until}`);
      const ctx = cliContext(options);
      const matcher = ctx.skills();
      await withLibrary(options, (library, json) => {
        const report = computeDemand(demandPapers(library, { query: flags.query, categories: flags.category }), {
          matcher,
          window: { from: flags.since ?? null, to: flags.until ?? null },
          compareTo: flags.compareTo,
          top: flags.top,
          minSupport: flags.minSupport,
        });
        if (json) printJson(report);
        else printDemand(report);
      });
    });
}
