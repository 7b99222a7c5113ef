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

