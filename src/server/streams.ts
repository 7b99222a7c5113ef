import type { Context } from 'hono';
import { stream, streamSSE } from 'hono/streaming';
import { selectReport } from '../../agents/reporter/build-report.js';
import type { Library } from '../../db/index.js';
import type { Run } from '../../db/runs.js';
import { shownStatus } from '../process.js';
import { NotFoundError, UsageError } from '../errors.js';
import { exportFiles } from '../export/report-files.js';
import type { RunLauncher } from './runs.js';
import type { Views } from './views.js';

/** The downloads of a run report, one per file of each export format. */
export const DOWNLOADS = [
  ['report.md', 'Markdown'],
  ['report.html', 'HTML'],
  ['report.json', 'JSON'],
  ['papers.csv', 'CSV: papers'],
  ['skills.csv', 'CSV: skills'],
  ['papers.bib', 'BibTeX'],
  ['concept-map.mmd', 'Mermaid: concept map'],
  ['skills-chart.mmd', 'Mermaid: skills chart'],
  ['skills-cooccurrence.mmd', 'Mermaid: skills named together'],
] as const;

const CONTENT_TYPES: Record<string, string> = {
  md: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8', json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8', bib: 'application/x-bibtex; charset=utf-8', mmd: 'text/plain; charset=utf-8',
};

/** Streams chunks as the response body, so a report of 40,000 cards never sits in memory whole. */
export function streamChunks(c: Context, chunks: Iterable<string>) {
  return stream(c, async (s) => {
    for (const chunk of chunks) await s.write(chunk);
  });
}

/** One file of a run's exports, rendered by the export code itself, as an attachment. */
export function download(c: Context, library: Library, views: Views, run: Run, file: string) {
  if (!DOWNLOADS.some(([name]) => name === file)) throw new NotFoundError(`no download "${file}"; there are ${DOWNLOADS.map(([n]) => n).join(', ')}`);
  if (!views.hasReport(run)) throw new UsageError(`run ${run.id} is still in progress; its report comes when it ends`);
  const header = views.runHeader(run);
  const ext = file.split('.').at(-1)!;
  let content: string | Iterable<string>;
  if (ext === 'mmd') {
    // The run's own diagrams come with its header; the per-paper ones are in report.md and report.json.
    const source = file === 'concept-map.mmd' ? header.synthesis?.mermaid : file === 'skills-chart.mmd' ? header.demand?.mermaid.chart : header.demand?.mermaid.cooccurrence;
    if (!source) throw new NotFoundError(`run ${run.id} has no ${file}`);
    content = `${source}\n`;
  } else {
    const format = ({ md: 'md', html: 'html', json: 'json', csv: 'csv', bib: 'bibtex' } as const)[ext as 'md'];
    const selection = selectReport(library, { kind: 'run', runId: run.id });
    content = exportFiles(library, selection, header, [format]).find((f) => f.path.at(-1) === file)!.content();
  }
  c.header('Content-Type', CONTENT_TYPES[ext]!);
  c.header('Content-Disposition', `attachment; filename="${`${run.id}-${file}`.replace(/[^\w.-]/g, '_')}"`);
  return typeof content === 'string' ? c.body(content) : streamChunks(c, content);
}

/**
 * A run's progress as server-sent events: `progress` twice a second, read from the library (so runs of
 * the CLI, of workers and of this server all show), then `end` once the run is over or its process died.
 */
export function runEvents(c: Context, library: Library, launcher: RunLauncher, runId: string) {
  return streamSSE(c, async (s) => {
    let open = true;
    s.onAbort(() => {
      open = false;
    });
    while (open) {
      const progress = launcher.progress(runId)!;
      const run = library.runs.get(runId)!;
      await s.writeSSE({ event: 'progress', data: JSON.stringify(progress) });
      if (!progress.active && (run.status === 'completed' || run.status === 'failed' || shownStatus(run) !== run.status)) {
        await s.writeSSE({ event: 'end', data: JSON.stringify(progress) });
        break;
      }
      await s.sleep(500);
    }
  });
}
