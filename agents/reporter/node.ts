import fs from 'node:fs';
import path from 'node:path';
import type { Library } from '../../db/index.js';
import type { SkillMatcher } from '../../src/skills/match.js';
import { paperCards, reportHeader, selectReport } from './build-report.js';
import { markdownChunks } from './markdown.js';

export type ReportDeps = {
  library: Library;
  reportDir: string;
  /** The skill taxonomy the demand section counts. */
  skills: SkillMatcher;
};

/**
 * Writes a file completely or not at all: the chunks go to a temporary file in the same folder, which
 * is then renamed over the target. Returns the bytes written.
 */
export function writeFileAtomic(file: string, content: string | Iterable<string>): number {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  let bytes = 0;
  try {
    for (const chunk of typeof content === 'string' ? [content] : content) bytes += fs.writeSync(fd, chunk);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return bytes;
}

/**
 * The report step: marks the run completed, renders its Markdown report card by card into
 * `<reportDir>/<run-id>.md`, and records the file in the library.
 */
export function makeReportStep(deps: ReportDeps) {
  const { library } = deps;
  return async (state: { runId: string }): Promise<{ reportPath: string }> => {
    const reportPath = path.resolve(deps.reportDir, `${state.runId}.md`);
    library.runs.complete(state.runId, reportPath);
    const selection = selectReport(library, { kind: 'run', runId: state.runId });
    const header = reportHeader(library, selection, { matcher: deps.skills });
    const bytes = writeFileAtomic(reportPath, markdownChunks(header, paperCards(library, selection)));
    library.syntheses.saveReport(state.runId, 'md', reportPath, bytes);
    return { reportPath };
  };
}
