import type { DemandReport } from '../demand/schema.js';
import type { Synthesis } from '../synthesizer/schema.js';
import { provenanceText, usageText } from './llm-text.js';
import type { LlmReport, PaperCard, Report, ReportHeader } from './schema.js';

/** Escapes untrusted text for Markdown: no markup, links, HTML or table breaks survive, only the words. */
export function md(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]()#+!|~$]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^([-=])/, '\\$1')
    .replace(/^(\d+)\./, '$1\\.');
}

/** A link whose URL is ours to trust only if it points at arXiv or doi.org. */
function link(label: string, url: string | null): string {
  if (!url || !/^https:\/\/(?:arxiv\.org|doi\.org|export\.arxiv\.org)\//.test(url.replace(/^http:/, 'https:'))) return md(label);
  return `[${md(label)}](${url.replace(/^http:/, 'https:').replace(/[()\s]/g, encodeURIComponent)})`;
}

const pct = (x: number) => (x * 100).toFixed(1);

function mermaidBlock(source: string): string[] {
  return ['```mermaid', source, '```'];
}

function card(c: PaperCard): string[] {
  const lines = [`### ${c.ref}. ${md(c.title)}`, ''];
  const authors = c.authors.length > 8 ? `${c.authors.slice(0, 8).join(', ')} et al.` : c.authors.join(', ');
  lines.push(`- **Authors:** ${md(authors || 'unknown')}`);
  lines.push(`- **Published:** ${c.published?.slice(0, 10) ?? 'unknown'}${c.updated && c.updated !== c.published ? ` (updated ${c.updated.slice(0, 10)})` : ''} · **Categories:** ${md(c.categories.join(', ') || 'none')}`);
  const links = [link(`arXiv:${c.arxivId}v${c.version}`, c.absUrl), c.pdfUrl ? link('PDF', c.pdfUrl) : null, c.doi ? link(`doi:${c.doi}`, `https://doi.org/${c.doi}`) : null];
  lines.push(`- **Links:** ${links.filter(Boolean).join(' · ')}`);
  if (!c.analysis) {
    lines.push(`- **Status:** ${c.status}${c.error ? ` — ${md(c.error)}` : ''}`, '');
    return lines;
  }
  const a = c.analysis;
  lines.push(`- **Words:** title ${a.titleWords} · summary ${a.summaryWords}`);
  if (c.status === 'skipped') lines.push('- **Status:** analysed in an earlier run (same analyser), reused');
  if (a.provenance) lines.push(`- **Written by:** ${md(provenanceText(a.provenance))}${a.llmUsage?.calls ? ` · ${md(usageText(a.llmUsage))}` : ''}`);
  lines.push('', `**TLDR.** ${md(a.tldr)}`, '', `**Summary.** ${md(a.summary)}`, '');
  lines.push(`**Key terms.** ${a.terms.map((t) => md(t.term)).join(' · ') || '—'}`, '');
  lines.push('| ROUGE vs abstract | Precision | Recall | F1 |', '|---|---:|---:|---:|');
  for (const [name, v] of [['ROUGE-1', a.rouge.rouge1], ['ROUGE-2', a.rouge.rouge2], ['ROUGE-L', a.rouge.rougeL]] as const) {
    lines.push(`| ${name} | ${pct(v.p)} | ${pct(v.r)} | ${pct(v.f)} |`);
  }
  lines.push('', ...mermaidBlock(a.mermaid), '');
  return lines;
}

const arxivLink = (id: string) => link(`arXiv:${id}`, `https://arxiv.org/abs/${id}`);

function takeawaysSection(takeaways: ReportHeader['takeaways'], narrative: Synthesis['narrative']): string[] {
  if (!takeaways.length && !narrative) return [];
  const lines = ['## Explanation and key takeaways', ''];
  if (narrative) lines.push(`${md(narrative.text)}`, '', `_Written by ${md(narrative.by)} from the themes and papers below; every reference was checked against this run._`, '');
  lines.push(...takeaways.map((t) => `- ${md(t.text)}${t.papers.length ? ` (${t.papers.map(arxivLink).join(', ')})` : ''}`), '');
  return lines;
}

function llmSection(l: LlmReport): string[] {
  const lines = ['## LLM agents and cost', ''];
  const agents = Object.entries(l.agents).map(([agent, model]) => `${agent}: ${model ?? 'deterministic'}`).join(' · ');
  lines.push(`Agents: ${md(agents)}.`, '', `Usage: ${md(usageText(l.usage))}.`, '');
  lines.push('| Agent | Calls | Unusable replies | Input tokens | Output tokens | Cost (USD) |', '|---|---:|---:|---:|---:|---:|');
  for (const [agent, u] of Object.entries(l.byAgent)) lines.push(`| ${md(agent)} | ${u.calls} | ${u.failedCalls} | ${u.inputTokens} | ${u.outputTokens} | ${u.costUsd.toFixed(6)} |`);
  lines.push('', `Papers whose summary the deterministic agent wrote instead: ${l.fallbacks.summarizer}; whose key terms: ${l.fallbacks.terms}.`, '');
  if (l.budgetUsd !== null) {
    lines.push(l.budgetReachedAt
      ? `**The budget of $${l.budgetUsd} was reached** (${l.budgetReachedAt.slice(0, 19).replace('T', ' ')} UTC): no LLM call was made after it, and the rest of the run was done by the deterministic agents.`
      : `Budget: $${l.budgetUsd}, not reached.`, '');
  }
  for (const [model, why] of Object.entries(l.unavailable)) lines.push(`**${md(model)} was unavailable**: ${md(why)}; the deterministic agents took over.`, '');
  return lines;
}

function demandSection(d: DemandReport): string[] {
  const lines = ['## Skill & technology demand', ''];
  const c = d.comparison;
  const trend = c
    ? ` Trend: ${c.before.from ?? '…'}..${c.before.to ?? '…'} (${c.before.papers} papers) → ${c.after.from ?? '…'}..${c.after.to ?? '…'} (${c.after.papers})${c.automatic ? ', the two halves of the period' : ''}; rising or falling only when p < 0.05 (two-proportion z-test).`
    : '';
  lines.push(`Skills of the taxonomy named in titles and abstracts of ${d.window.papers} papers.${trend}`, '');
  lines.push('| # | Skill | Category | Papers | Share | Change | Trend | Evidence |', '|---:|---|---|---:|---:|---:|---|---|');
  d.skills.forEach((s, i) => {
    const change = s.change ? `${s.change.absolute >= 0 ? '+' : ''}${s.change.absolute.toFixed(1)} pp` : '—';
    lines.push(`| ${i + 1} | ${md(s.name)} | ${md(s.category)} | ${s.papers} | ${pct(s.share)}% | ${change} | ${s.change?.trend ?? '—'} | ${s.evidence.map((e) => arxivLink(e.arxivId)).join(', ')} |`);
  });
  lines.push('', ...mermaidBlock(d.mermaid.chart), '', 'Skills named in the same papers:', '', ...mermaidBlock(d.mermaid.cooccurrence), '');
  if (d.emerging.length) {
    lines.push('### Emerging terms', '', 'Key terms outside the taxonomy whose share grew significantly.', '');
    lines.push('| Term | Papers | Before | After | Evidence |', '|---|---:|---:|---:|---|');
    for (const t of d.emerging) lines.push(`| ${md(t.term)} | ${t.papers} | ${pct(t.change.beforeShare)}% | ${pct(t.change.afterShare)}% | ${t.evidence.map((e) => arxivLink(e.arxivId)).join(', ')} |`);
    lines.push('');
  }
  return lines;
}

function synthesisSection(s: Synthesis): string[] {
  const lines = ['## Most-named key terms', ''];
  lines.push(`Key terms ranked by the number of the ${s.papers.length} analysed papers that name them.`, '');
  lines.push('| # | Term | Papers | Share | Evidence |', '|---:|---|---:|---:|---|');
  s.demand.forEach((d, i) => {
    const evidence = d.evidence.map((id) => {
      const p = s.papers.find((x) => x.arxivId === id);
      return `${p ? `${p.ref} ` : ''}${arxivLink(id)}`;
    });
    lines.push(`| ${i + 1} | ${md(d.term)} | ${d.papers} | ${pct(d.share)}% | ${evidence.join(', ')} |`);
  });
  lines.push('', '## Consolidated concept map', '');
  lines.push(`${s.nodes.length} concepts in ${s.themes.length} themes; a relation is labelled with the papers that make it.`, '');
  lines.push(...mermaidBlock(s.mermaid), '');
  if (s.themes.length) {
    lines.push('### Themes', '');
    for (const t of s.themes) lines.push(`- **${t.id}: ${md(t.name)}** — ${t.nodes.length} concepts, papers ${t.papers.join(', ')}`);
    lines.push('');
  }
  const label = new Map(s.nodes.map((n) => [n.id, n.label]));
  lines.push('### Glossary of concepts', '', '| Concept | Theme | Papers | Related to |', '|---|---|---|---|');
  for (const n of s.nodes) {
    const related = s.edges
      .filter((e) => e.source === n.id || e.target === n.id)
      .map((e) => label.get(e.source === n.id ? e.target : e.source)!)
      .slice(0, 5);
    lines.push(`| ${md(n.label)} | ${n.theme ?? '—'} | ${n.papers.join(', ')} | ${related.map(md).join(', ') || '—'} |`);
  }
  lines.push('', '### Glossary of relationships', '', '| Concept | Concept | Related in |', '|---|---|---|');
  for (const e of s.edges) lines.push(`| ${md(label.get(e.source)!)} | ${md(label.get(e.target)!)} | ${e.papers.join(', ')} |`);
  lines.push('');
  return lines;
}

/**
 * The run report as Markdown that GitHub and Obsidian render (```mermaid blocks), in chunks: the header
 * and synthesis first, then one chunk per card, so large reports are written as they are rendered.
 */
export function* markdownChunks(header: ReportHeader, cards: Iterable<PaperCard>): Generator<string> {
  const { run, scope } = header;
  const generated = `generated ${header.generatedAt.slice(0, 19).replace('T', ' ')} UTC`;
  const lines: string[] = [];
  if (run) {
    lines.push(`# paperloom report: ${md(run.query)}`, '');
    lines.push(`Run \`${run.id}\` · source ${md(run.source)} · ${run.status} · ${generated}`, '');
    lines.push(`**${run.counts.papers} papers**: ${run.counts.analysed} analysed, ${run.counts.skipped} reused from earlier runs, ${run.counts.failed} failed.`, '');
  } else if (scope.kind === 'library') {
    const filters = [scope.query && `query ${md(scope.query)}`, scope.categories.length && `categories ${md(scope.categories.join(', '))}`, scope.since && `since ${scope.since}`, scope.until && `until ${scope.until}`].filter(Boolean);
    lines.push(`# paperloom report: ${scope.query ? md(scope.query) : 'the library'}`, '');
    lines.push(`Library${filters.length ? `, ${filters.join(', ')}` : ''} · ${generated}`, '');
  }
  lines.push(...takeawaysSection(header.takeaways, header.synthesis?.narrative ?? null));
  if (header.llm) lines.push(...llmSection(header.llm));
  if (header.demand) lines.push(...demandSection(header.demand));
  if (header.synthesis) lines.push(...synthesisSection(header.synthesis));
  else lines.push('_No paper could be analysed, so there is no synthesis._', '');
  lines.push('## Papers', '');
  yield tidy(lines);
  for (const c of cards) yield tidy(card(c));
}

/**
 * Joins lines, with never more than one blank line in a row. (Without a regular expression over the
 * whole text where none is needed: a 40,717-paper report is 80 MB, and the two took ~1.7 s of it.)
 */
function tidy(lines: string[]): string {
  let text = lines.join('\n');
  if (text.includes('\n\n\n')) text = text.replace(/\n{3,}/g, '\n\n');
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  return `${text.slice(0, end)}\n\n`;
}

/** The whole Markdown report as one string. */
export function renderMarkdown(report: Report): string {
  return [...markdownChunks(report, report.papers)].join('').replace(/\n+$/, '\n');
}
