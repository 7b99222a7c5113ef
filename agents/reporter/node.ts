import fs from 'node:fs';
import path from 'node:path';
import type { Library } from '../../db/index.js';
import { buildReport } from './build-report.js';
import { renderMarkdown } from './markdown.js';

export type ReportDeps = { library: Library; reportDir: string };

/** Writes a file completely or not at all: a temporary file in the same folder, then a rename. */
export function writeFileAtomic(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/**
 * The report step: marks the run completed, renders its report as Markdown and JSON, stores both in the
 * library and writes the Markdown next to it (`<reportDir>/<run-id>.md`).
 */
export function makeReportStep(deps: ReportDeps) {
  const { library } = deps;
  return async (state: { runId: string }): Promise<{ reportPath: string }> => {
    const reportPath = path.resolve(deps.reportDir, `${state.runId}.md`);
    library.runs.complete(state.runId, reportPath);
    const report = buildReport(library, state.runId);
    const markdown = renderMarkdown(report);
    library.transaction(() => {
      library.syntheses.saveReport(state.runId, 'md', markdown);
      library.syntheses.saveReport(state.runId, 'json', JSON.stringify(report));
    });
    writeFileAtomic(reportPath, markdown);
    return { reportPath };
  };
}
