import type { Command } from 'commander';
import { paperCards, reportHeader, selectReport, type ReportSelection } from '../../../agents/reporter/build-report.js';
import { jsonChunks } from '../../../agents/reporter/json.js';
import { markdownChunks } from '../../../agents/reporter/markdown.js';
import type { ReportHeader, ReportScope } from '../../../agents/reporter/schema.js';
import type { Library } from '../../../db/index.js';
import { UsageError } from '../../errors.js';
import { toBibtex } from '../../export/bibtex.js';
import { papersCsv, toCsv } from '../../export/csv.js';
import { writeInside } from '../../export/files.js';
import { htmlChunks } from '../../export/html.js';
import { parseQuery } from '../../../agents/fetcher/query.js';
import { cliContext, type GlobalOptions } from '../context.js';
import { categoryList, isoDay } from '../options.js';
import { printJson, printLine } from '../output.js';
import { withLibrary } from './library.js';

export const FORMATS = ['md', 'html', 'json', 'csv', 'bibtex', 'mmd'] as const;
type Format = (typeof FORMATS)[number];

function formatList(value: string): Format[] {
  const formats = value.split(',').map((f) => f.trim()).filter(Boolean);
  for (const f of formats) if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format: unknown format "${f}"; use ${FORMATS.join(',')}`);
  if (formats.length === 0) throw new UsageError(`--format needs at least one of ${FORMATS.join(',')}`);
  return [...new Set(formats)] as Format[];
}

/** skills.csv: the demand table. */
function skillsCsv(header: ReportHeader): string {
  const rows = (header.demand?.skills ?? []).map((s, i) => [
    i + 1, s.id, s.name, s.category, s.papers, Number(s.share.toFixed(6)), s.mentions,
    s.change ? Number(s.change.absolute.toFixed(4)) : null,
    s.change?.relative != null ? Number(s.change.relative.toFixed(4)) : null,
    s.change ? Number(s.change.pValue.toFixed(6)) : null,
    s.change?.trend ?? null,
    s.evidence.map((e) => e.arxivId).join(' '),
  ]);
  return toCsv(['rank', 'skill_id', 'skill', 'category', 'papers', 'share', 'mentions', 'change_pp', 'change_relative', 'p_value', 'trend', 'evidence'], rows);
}

/** Writes the selected formats into `dir`; returns the files written. */
export function exportReport(library: Library, selection: ReportSelection, header: ReportHeader, formats: Format[], dir: string): string[] {
  const cards = () => paperCards(library, selection);
  const files: string[] = [];
  for (const format of formats) {
    switch (format) {
      case 'md':
        files.push(writeInside(dir, ['report.md'], markdownChunks(header, cards())));
        break;
      case 'html':
        files.push(writeInside(dir, ['report.html'], htmlChunks(header, cards())));
        break;
      case 'json':
        files.push(writeInside(dir, ['report.json'], jsonChunks(header, cards())));
        break;
      case 'csv':
        files.push(writeInside(dir, ['papers.csv'], papersCsv([...cards()])));
        files.push(writeInside(dir, ['skills.csv'], skillsCsv(header)));
        break;
      case 'bibtex':
        files.push(writeInside(dir, ['papers.bib'], toBibtex([...cards()])));
        break;
      case 'mmd': {
        const diagram = (name: string[], source: string) => files.push(writeInside(dir, ['diagrams', ...name], `${source}\n`));
        if (header.synthesis) diagram(['concept-map.mmd'], header.synthesis.mermaid);
        if (header.demand) {
          diagram(['skills-chart.mmd'], header.demand.mermaid.chart);
          diagram(['skills-cooccurrence.mmd'], header.demand.mermaid.cooccurrence);
        }
        for (const c of cards()) if (c.analysis) diagram(['papers', `${c.ref}-${c.arxivId}.mmd`], c.analysis.mermaid);
        break;
      }
    }
  }
  return files;
}

type ExportFlags = { all?: boolean; query?: string; since?: string; until?: string; category?: string[]; format: Format[]; out: string };

/** `export`: a run or a library selection as Markdown, HTML, JSON, CSV, BibTeX and Mermaid files. */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('write a run, the whole library or a query as md, html, json, csv, bibtex and mmd files')
    .argument('[run-id]', 'the run to export')
    .option('--all', 'the whole library')
    .option('--query <q>', 'the papers of the library matching this query')
    .option('--since <date>', 'with --all or --query: first published on or after YYYY-MM-DD', isoDay('--since'))
    .option('--until <date>', 'with --all or --query: first published on or before YYYY-MM-DD', isoDay('--until'))
    .option('--category <list>', 'with --all or --query: only these arXiv categories', categoryList)
    .option('--format <list>', `comma-separated: ${FORMATS.join(',')}`, formatList, [...FORMATS])
    .requiredOption('--out <dir>', 'folder to write into (created if needed)')
    .action(async (runId: string | undefined, flags: ExportFlags, command: Command) => {
      const chosen = [runId !== undefined, !!flags.all, flags.query !== undefined].filter(Boolean).length;
      if (chosen !== 1) throw new UsageError('export needs exactly one of: a run id, --all, --query "<q>"');
      if (runId && (flags.since || flags.until || flags.category)) throw new UsageError('--since, --until and --category apply to --all and --query, not to a run');
      if (flags.query !== undefined) parseQuery(flags.query);
      const scope: ReportScope = runId
        ? { kind: 'run', runId }
        : { kind: 'library', query: flags.query ?? null, categories: flags.category ?? [], since: flags.since ?? null, until: flags.until ?? null };
      const options = command.optsWithGlobals<GlobalOptions>();
      const matcher = cliContext(options).skills();
      await withLibrary(options, (library, json) => {
        const selection = selectReport(library, scope);
        const header = reportHeader(library, selection, { matcher });
        const files = exportReport(library, selection, header, flags.format, flags.out);
        if (json) printJson({ papers: selection.members.length, files });
        else {
          printLine(`exported ${selection.members.length} papers:`);
          for (const f of files.filter((f) => !/[/\\]papers[/\\]P\d+-/.test(f))) printLine(`  ${f}`);
          const perPaper = files.length - files.filter((f) => !/[/\\]papers[/\\]P\d+-/.test(f)).length;
          if (perPaper) printLine(`  and ${perPaper} paper diagrams in ${flags.out}/diagrams/papers/`);
        }
      });
    });
}
