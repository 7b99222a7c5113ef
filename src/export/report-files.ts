import type { Library } from '../../db/index.js';
import { paperCards, type ReportSelection } from '../../agents/reporter/build-report.js';
import { jsonChunks } from '../../agents/reporter/json.js';
import { markdownChunks } from '../../agents/reporter/markdown.js';
import type { ReportHeader } from '../../agents/reporter/schema.js';
import { UsageError } from '../errors.js';
import { toBibtex } from './bibtex.js';
import { papersCsv, toCsv } from './csv.js';
import { writeInside } from './files.js';
import { htmlChunks } from './html.js';

export const FORMATS = ['md', 'html', 'json', 'csv', 'bibtex', 'mmd'] as const;
export type Format = (typeof FORMATS)[number];

export function formatList(value: string): Format[] {
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

/** One file of an export: where it goes under the export folder, and its content (made when asked). */
export type ExportFile = { path: string[]; content: () => string | Iterable<string> };

/** The files of the selected formats, in order; nothing is rendered until a file's content is asked for. */
export function exportFiles(library: Library, selection: ReportSelection, header: ReportHeader, formats: Format[]): ExportFile[] {
  const cards = () => paperCards(library, selection);
  const files: ExportFile[] = [];
  for (const format of formats) {
    switch (format) {
      case 'md':
        files.push({ path: ['report.md'], content: () => markdownChunks(header, cards()) });
        break;
      case 'html':
        files.push({ path: ['report.html'], content: () => htmlChunks(header, cards()) });
        break;
      case 'json':
        files.push({ path: ['report.json'], content: () => jsonChunks(header, cards()) });
        break;
      case 'csv':
        files.push({ path: ['papers.csv'], content: () => papersCsv([...cards()]) });
        files.push({ path: ['skills.csv'], content: () => skillsCsv(header) });
        break;
      case 'bibtex':
        files.push({ path: ['papers.bib'], content: () => toBibtex([...cards()]) });
        break;
      case 'mmd': {
        const diagram = (name: string[], source: string) => files.push({ path: ['diagrams', ...name], content: () => `${source}\n` });
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

/** Writes the selected formats into `dir`; returns the files written. */
export function exportReport(library: Library, selection: ReportSelection, header: ReportHeader, formats: Format[], dir: string): string[] {
  return exportFiles(library, selection, header, formats).map((file) => writeInside(dir, file.path, file.content()));
}
