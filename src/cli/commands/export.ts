import { reportHeader, selectReport } from '../../../agents/reporter/build-report.js';
import type { ReportScope } from '../../../agents/reporter/schema.js';
import { exportReport, FORMATS, formatList, type Format } from '../../export/report-files.js';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { parseQuery } from '../../../agents/fetcher/query.js';
import { cliContext, type GlobalOptions } from '../context.js';
import { categoryList, isoDay } from '../options.js';
import { printJson, printLine } from '../output.js';
import { withLibrary } from './library.js';

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
