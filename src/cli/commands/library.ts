import fs from 'node:fs';
import type { Command } from 'commander';
import { ANALYSER_VERSION } from '../../../agents/analyst/analyse-paper.js';
import { paperCards, reportHeader, selectReport } from '../../../agents/reporter/build-report.js';
import { jsonChunks } from '../../../agents/reporter/json.js';
import { CARD_TERMS } from '../../../agents/reporter/schema.js';
import { distinctTerms } from '../../../agents/term-extractor/distinct.js';
import { markdownChunks } from '../../../agents/reporter/markdown.js';
import { writeFileAtomic } from '../../../agents/reporter/node.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { shownStatus } from '../../process.js';
import { cliContext, openContextLibrary, type GlobalOptions } from '../context.js';
import { positiveInt } from '../options.js';
import { printJson, printLine, printTable } from '../output.js';

/** Runs `fn` with the library open, closing it afterwards. Fails if the file does not exist yet. */
export async function withLibrary<T>(options: GlobalOptions, fn: (lib: ReturnType<typeof openContextLibrary>, json: boolean) => T | Promise<T>): Promise<T> {
  const ctx = cliContext(options);
  if (!fs.existsSync(ctx.dbPath)) throw new NotFoundError(`no library at ${ctx.dbPath} yet; start one with: paperloom run "<query>"`);
  const library = openContextLibrary(ctx);
  try {
    return await fn(library, ctx.json);
  } finally {
    library.close();
  }
}

/** `runs`, `papers`, `show`, `report`. */
export function registerLibraryCommands(program: Command): void {
  program
    .command('runs')
    .description('list runs, newest first')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 50)
    .action((flags: { limit: number }, command: Command) =>
      withLibrary(command.optsWithGlobals<GlobalOptions>(), (library, json) => {
        const runs = library.runs.list(flags.limit);
        if (json) return printJson(runs);
        if (runs.length === 0) return printLine('no runs yet');
        printTable(
          ['RUN', 'STATUS', 'PAPERS', 'ANALYSED', 'REUSED', 'FAILED', 'CREATED', 'SCHEDULE', 'QUERY'],
          runs.map((r) => [r.id, shownStatus(r), r.papers, r.analysed, r.skipped, r.failed, r.createdAt.slice(0, 16).replace('T', ' '), r.schedule ?? '—', `${r.query} [${r.source}]`]),
        );
      }),
    );

  program
    .command('papers')
    .description("list papers of the library (newest first) or of one run (run order)")
    .option('--run <run-id>', 'only the papers of this run')
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 50)
    .action((flags: { run?: string; limit: number }, command: Command) =>
      withLibrary(command.optsWithGlobals<GlobalOptions>(), (library, json) => {
        if (flags.run && !library.runs.get(flags.run)) throw new NotFoundError(`no run ${flags.run}; list runs with: paperloom runs`);
        const papers = library.papers.list({ runId: flags.run, limit: flags.limit });
        if (json) return printJson(papers.map(({ id: _id, ...p }) => p));
        if (papers.length === 0) return printLine('no papers');
        printTable(['ARXIV', 'PUBLISHED', 'CATEGORY', 'TITLE'], papers.map((p) => [`${p.arxivId}v${p.version}`, p.published?.slice(0, 10) ?? '', p.primaryCategory ?? '', p.title.length > 90 ? `${p.title.slice(0, 89)}…` : p.title]));
      }),
    );

  program
    .command('show')
    .description('one paper: metadata and its analysis')
    .argument('<arxiv-id>')
    .action((arxivId: string, _flags: unknown, command: Command) =>
      withLibrary(command.optsWithGlobals<GlobalOptions>(), (library, json) => {
        const paper = library.papers.byArxivId(arxivId);
        if (!paper) throw new NotFoundError(`paper ${arxivId} is not in the library`);
        const analysis = library.analyses.get(paper.id, ANALYSER_VERSION) ?? library.analyses.latest(paper.id);
        const { id: _id, ...fields } = paper;
        if (json) return printJson({ ...fields, analysis });
        printLine(`${paper.title}`);
        printLine(`${paper.authors.join(', ')}`);
        printLine(`arXiv:${paper.arxivId}v${paper.version} · ${paper.published?.slice(0, 10) ?? ''} · ${paper.categories.join(' ')}`);
        printLine(paper.absUrl);
        if (!analysis) return printLine('\nnot analysed yet');
        printLine(`\nTLDR: ${analysis.tldr}\n\nSummary: ${analysis.summary}\n`);
        printLine(`Key terms: ${distinctTerms(analysis.terms, CARD_TERMS).map((t) => t.term).join(' · ')}`);
        const r = analysis.rouge;
        printLine(`ROUGE vs abstract (F1): R-1 ${(r.rouge1.f * 100).toFixed(1)} · R-2 ${(r.rouge2.f * 100).toFixed(1)} · R-L ${(r.rougeL.f * 100).toFixed(1)}`);
        printLine(`\n${analysis.mermaid}`);
      }),
    );

  program
    .command('report')
    .description("print or write a run's report")
    .argument('<run-id>')
    .option('--format <format>', 'md or json', 'md')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (runId: string, flags: { format: string; out?: string }, command: Command) => {
      if (flags.format !== 'md' && flags.format !== 'json') throw new UsageError(`--format must be md or json, got "${flags.format}"`);
      const options = command.optsWithGlobals<GlobalOptions>();
      await withLibrary(options, async (library) => {
        const selection = selectReport(library, { kind: 'run', runId });
        const header = reportHeader(library, selection, { matcher: cliContext(options).skills() });
        const cards = paperCards(library, selection);
        const chunks = flags.format === 'json' ? jsonChunks(header, cards) : markdownChunks(header, cards);
        if (flags.out) {
          const bytes = writeFileAtomic(flags.out, chunks);
          process.stderr.write(`paperloom: wrote ${flags.out} (${bytes} bytes)\n`);
        } else {
          for (const chunk of chunks) {
            if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
          }
        }
      });
    });
}
