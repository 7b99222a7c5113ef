import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { provenanceText, usageText } from '../../agents/reporter/llm-text.js';
import type { DemandReport } from '../../agents/demand/schema.js';
import type { PaperCard, ReportHeader } from '../../agents/reporter/schema.js';

/** Escapes untrusted text for HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

let bundle: string | undefined;

/** mermaid's browser bundle from node_modules, inlined so the page needs no network. */
function mermaidBundle(): string {
  if (!bundle) {
    const file = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
    bundle = fs.readFileSync(file, 'utf8');
    // Inlined in a <script>: it must not be able to close it.
    if (/<\/script/i.test(bundle)) throw new Error(`${file} contains "</script" and cannot be inlined`);
  }
  return bundle;
}

/** Only links to arXiv and doi.org are written as links. */
function safeUrl(url: string | null): string | null {
  if (!url) return null;
  const https = url.replace(/^http:/, 'https:');
  return /^https:\/\/(?:arxiv\.org|export\.arxiv\.org|doi\.org)\/[^\s"'<>]*$/.test(https) ? https : null;
}

function link(label: string, url: string | null): string {
  const safe = safeUrl(url);
  return safe ? `<a href="${escapeHtml(safe)}" rel="noopener noreferrer">${escapeHtml(label)}</a>` : escapeHtml(label);
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const diagram = (source: string, label: string) => `<figure class="diagram" aria-label="${escapeHtml(label)}"><pre class="mermaid">${escapeHtml(source)}</pre></figure>`;

function table(headers: string[], rows: string[][]): string {
  return `<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** The report's style sheet (the dashboard uses it too). */
export const REPORT_STYLE = `
body{font:15px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem}h2{margin-top:2.5rem;border-bottom:1px solid #ddd}h3{margin-bottom:.3rem}
table{border-collapse:collapse;margin:.8rem 0;font-size:.9rem}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
.card{border:1px solid #ddd;border-radius:8px;padding:.5rem 1rem;margin:1rem 0}.meta{color:#555;font-size:.9rem}
.terms span{display:inline-block;background:#eef3ff;border-radius:4px;padding:0 .35rem;margin:.1rem}
figure.diagram{overflow-x:auto;margin:.8rem 0}pre.mermaid{background:#fafafa}button.read-aloud{margin:.3rem 0}
.refs{color:#555;font-size:.85rem}`;

/** The report's script: mermaid rendering as diagrams come into view, and Read aloud (the dashboard uses it too). */
export const REPORT_SCRIPT = `
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
const pending = new Set(document.querySelectorAll('pre.mermaid'));
async function render(nodes) {
  nodes = nodes.filter((n) => pending.delete(n));
  if (nodes.length) await mermaid.run({ nodes, suppressErrors: true });
  if (pending.size === 0) document.body.dataset.rendered = 'all';
}
window.paperloomRenderAll = () => render([...pending]);
// Diagrams render as they come into view, so a report of thousands of papers stays responsive.
const seen = new IntersectionObserver((entries) => render(entries.filter((e) => e.isIntersecting).map((e) => e.target)), { rootMargin: '400px' });
for (const node of pending) seen.observe(node);
for (const button of document.querySelectorAll('button.read-aloud')) {
  button.addEventListener('click', () => {
    if (!('speechSynthesis' in window)) { button.textContent = 'Reading aloud is not supported here'; return; }
    const text = button.closest('article').querySelector('.speak').textContent;
    speechSynthesis.cancel();
    speechSynthesis.speak(new SpeechSynthesisUtterance(text));
  });
}`;

function head(header: ReportHeader, nonce: string): string {
  const title = header.run ? header.run.query : header.scope.kind === 'library' && header.scope.query ? header.scope.query : 'library';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>paperloom: ${escapeHtml(title)}</title><style>${REPORT_STYLE}</style></head><body>
<header><h1>paperloom report: ${escapeHtml(title)}</h1>`;
}

/** The line under the report's title: what it covers and when it was made. */
export function reportMeta(h: ReportHeader): string {
  const scope = h.run
    ? `Run <code>${escapeHtml(h.run.id)}</code> · source ${escapeHtml(h.run.source)} · ${escapeHtml(h.run.status)} · ${h.run.counts.papers} papers (${h.run.counts.analysed} analysed, ${h.run.counts.skipped} reused, ${h.run.counts.failed} failed)`
    : `Library selection: ${escapeHtml(JSON.stringify(h.scope))}`;
  return `<p class="meta">${scope} · generated ${escapeHtml(h.generatedAt.slice(0, 19).replace('T', ' '))} UTC</p>`;
}

/** The demand section: ranking with trends, chart, skills named together, emerging terms with evidence. */
export function demandSection(d: DemandReport, paperLink: (arxivId: string) => string = (id) => link(`arXiv:${id}`, `https://arxiv.org/abs/${id}`)): string {
  const parts: string[] = [];
  parts.push('<section id="demand"><h2>Skill &amp; technology demand</h2>');
  const cmp = d.comparison;
  parts.push(`<p class="meta">${d.window.papers} papers${cmp ? `; trend: ${escapeHtml(cmp.before.from ?? '…')}..${escapeHtml(cmp.before.to ?? '…')} (${cmp.before.papers}) → ${escapeHtml(cmp.after.from ?? '…')}..${escapeHtml(cmp.after.to ?? '…')} (${cmp.after.papers})${cmp.automatic ? ', the two halves of the period' : ''}; rising or falling only when p &lt; 0.05` : ''}.</p>`);
  parts.push(table(['#', 'Skill', 'Category', 'Papers', 'Share', 'Change', 'Trend', 'Evidence'], d.skills.map((s, i) => [
    String(i + 1), escapeHtml(s.name), escapeHtml(s.category), String(s.papers), pct(s.share),
    s.change ? `${s.change.absolute >= 0 ? '+' : ''}${s.change.absolute.toFixed(1)} pp` : '—',
    s.change ? escapeHtml(s.change.trend) : '—',
    s.evidence.map((e) => paperLink(e.arxivId)).join(', '),
  ])));
  parts.push(diagram(d.mermaid.chart, 'skill demand chart'), diagram(d.mermaid.cooccurrence, 'skills named together'));
  if (d.emerging.length) {
    parts.push('<h3>Emerging terms</h3>', table(['Term', 'Papers', 'Before → after', 'Evidence'], d.emerging.map((t) => [
      escapeHtml(t.term), String(t.papers), `${pct(t.change.beforeShare)} → ${pct(t.change.afterShare)}`,
      t.evidence.map((e) => paperLink(e.arxivId)).join(', '),
    ])));
  }
  parts.push('</section>');
  return parts.join('\n');
}

/**
 * The report's sections before the cards, as HTML: takeaways, LLM usage, demand, concept map and
 * glossaries. `paperHref` links evidence to a page of its own (the dashboard) instead of arXiv.
 */
export function reportSections(h: ReportHeader, paperHref: (arxivId: string) => string | null = () => null): string {
  const parts: string[] = [];
  const paperLink = (id: string) => {
    const own = paperHref(id);
    return own ? `<a href="${escapeHtml(own)}">arXiv:${escapeHtml(id)}</a>` : link(`arXiv:${id}`, `https://arxiv.org/abs/${id}`);
  };
  const narrative = h.synthesis?.narrative;
  if (h.takeaways.length || narrative) {
    parts.push('<section id="takeaways"><h2>Explanation and key takeaways</h2>');
    if (narrative) parts.push(`<p>${escapeHtml(narrative.text)}</p><p class="meta">Written by ${escapeHtml(narrative.by)} from the themes and papers below; every reference was checked against this run.</p>`);
    parts.push('<ul>');
    for (const t of h.takeaways) parts.push(`<li>${escapeHtml(t.text)} <span class="refs">${t.papers.map(paperLink).join(', ')}</span></li>`);
    parts.push('</ul></section>');
  }
  if (h.llm) {
    const l = h.llm;
    parts.push('<section id="llm"><h2>LLM agents and cost</h2>');
    parts.push(`<p>Agents: ${escapeHtml(Object.entries(l.agents).map(([agent, model]) => `${agent}: ${model ?? 'deterministic'}`).join(' · '))}. Usage: ${escapeHtml(usageText(l.usage))}.</p>`);
    parts.push(table(['Agent', 'Calls', 'Unusable replies', 'Input tokens', 'Output tokens', 'Cost (USD)'], Object.entries(l.byAgent).map(([agent, u]) => [
      escapeHtml(agent), String(u.calls), String(u.failedCalls), String(u.inputTokens), String(u.outputTokens), u.costUsd.toFixed(6),
    ])));
    parts.push(`<p>Papers whose summary the deterministic agent wrote instead: ${l.fallbacks.summarizer}; whose key terms: ${l.fallbacks.terms}.</p>`);
    if (l.budgetUsd !== null) parts.push(`<p>${l.budgetReachedAt ? `<strong>The budget of $${l.budgetUsd} was reached</strong> (${escapeHtml(l.budgetReachedAt.slice(0, 19).replace('T', ' '))} UTC): no LLM call was made after it, and the rest of the run was done by the deterministic agents.` : `Budget: $${l.budgetUsd}, not reached.`}</p>`);
    for (const [model, why] of Object.entries(l.unavailable)) parts.push(`<p><strong>${escapeHtml(model)} was unavailable</strong>: ${escapeHtml(why)}; the deterministic agents took over.</p>`);
    parts.push('</section>');
  }
  if (h.demand) parts.push(demandSection(h.demand, paperLink));
  const s = h.synthesis;
  if (s) {
    parts.push('<section id="map"><h2>Consolidated concept map</h2>', diagram(s.mermaid, 'consolidated concept map'));
    const label = new Map(s.nodes.map((n) => [n.id, n.label]));
    parts.push('<h3>Glossary of concepts</h3>', table(['Concept', 'Theme', 'Papers'], s.nodes.map((n) => [escapeHtml(n.label), escapeHtml(n.theme ?? '—'), escapeHtml(n.papers.join(', '))])));
    parts.push('<h3>Glossary of relationships</h3>', table(['Concept', 'Concept', 'Related in'], s.edges.map((e) => [escapeHtml(label.get(e.source) ?? e.source), escapeHtml(label.get(e.target) ?? e.target), escapeHtml(e.papers.join(', '))])));
    parts.push('</section>');
  }
  return parts.join('\n');
}

/** One paper card as HTML; `titleHref` makes its title a link (the dashboard's paper page). */
export function cardHtml(c: PaperCard, options: { titleHref?: string; showRef?: boolean } = {}): string {
  const a = c.analysis;
  const links = [link(`arXiv:${c.arxivId}v${c.version}`, c.absUrl), c.pdfUrl ? link('PDF', c.pdfUrl) : null, c.doi ? link(`doi:${c.doi}`, `https://doi.org/${c.doi}`) : null].filter(Boolean).join(' · ');
  const title = options.titleHref ? `<a href="${escapeHtml(options.titleHref)}">${escapeHtml(c.title)}</a>` : escapeHtml(c.title);
  const parts = [`<article class="card" id="${escapeHtml(c.ref)}"><h3>${options.showRef === false ? '' : `${escapeHtml(c.ref)}. `}${title}</h3>`];
  parts.push(`<p class="meta">${escapeHtml(c.authors.slice(0, 8).join(', '))}${c.authors.length > 8 ? ' et al.' : ''} · ${escapeHtml(c.published?.slice(0, 10) ?? 'undated')} · ${escapeHtml(c.categories.join(', '))} · ${links}</p>`);
  if (!a) {
    parts.push(`<p>Status: ${escapeHtml(c.status)}${c.error ? ` — ${escapeHtml(c.error)}` : ''}</p></article>`);
    return parts.join('\n');
  }
  if (a.provenance) parts.push(`<p class="meta">Written by: ${escapeHtml(provenanceText(a.provenance))}${a.llmUsage?.calls ? ` · ${escapeHtml(usageText(a.llmUsage))}` : ''}</p>`);
  parts.push(`<div class="speak"><p><strong>TLDR.</strong> ${escapeHtml(a.tldr)}</p><p><strong>Summary.</strong> ${escapeHtml(a.summary)}</p></div>`);
  parts.push('<button type="button" class="read-aloud">Read aloud</button>');
  parts.push(`<p class="terms">${a.terms.map((t) => `<span>${escapeHtml(t.term)}</span>`).join(' ')}</p>`);
  parts.push(`<p class="meta">Words: title ${a.titleWords} · summary ${a.summaryWords} · ROUGE-1/2/L F1 vs abstract: ${pct(a.rouge.rouge1.f)} / ${pct(a.rouge.rouge2.f)} / ${pct(a.rouge.rougeL.f)}</p>`);
  parts.push(diagram(a.mermaid, `concept graph of ${c.ref}`), '</article>');
  return parts.join('\n');
}

/**
 * The report as one self-contained HTML page: every untrusted text escaped, diagrams rendered in the
 * browser by the inlined mermaid bundle with securityLevel 'strict', a Content-Security-Policy that runs
 * only this page's own scripts, and a "Read aloud" button per card (the browser's speech synthesis).
 */
export function* htmlChunks(header: ReportHeader, cards: Iterable<PaperCard>): Generator<string> {
  const nonce = randomBytes(16).toString('base64');
  yield head(header, nonce);
  yield `${reportMeta(header)}</header>\n${reportSections(header)}\n<section id="papers"><h2>Papers</h2>`;
  for (const c of cards) yield cardHtml(c);
  yield `</section>\n<script nonce="${nonce}">${mermaidBundle()}</script>\n<script nonce="${nonce}">${REPORT_SCRIPT}</script>\n</body></html>\n`;
}
