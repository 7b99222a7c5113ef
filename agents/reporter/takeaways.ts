import type { DemandReport } from '../demand/schema.js';
import type { Synthesis } from '../synthesizer/schema.js';

/** One statement of the "explanation and key takeaways", with the papers behind it. */
export type Takeaway = { text: string; papers: string[] };

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const pValue = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

/**
 * The explanation and key takeaways, each with the papers (arXiv ids) behind it: the LLM synthesizer's
 * when it wrote them, else from templates over the measured structure (the largest themes, the
 * relations that bridge themes); then, from templates always, the most-demanded and fastest-rising
 * skills and emerging terms.
 */
export function takeaways(synthesis: Synthesis | null, demand: DemandReport | null): Takeaway[] {
  const out: Takeaway[] = [];
  if (synthesis?.narrative) {
    // The LLM synthesizer's takeaways, whose references were checked against the run's papers.
    const idOf = new Map(synthesis.papers.map((p) => [p.ref, p.arxivId]));
    for (const t of synthesis.narrative.takeaways) out.push({ text: t.text, papers: t.papers.map((r) => idOf.get(r)!).filter(Boolean) });
  } else if (synthesis) {
    const idOf = new Map(synthesis.papers.map((p) => [p.ref, p.arxivId]));
    const ids = (refs: string[]) => refs.map((r) => idOf.get(r)!).filter(Boolean);
    const label = new Map(synthesis.nodes.map((n) => [n.id, n.label]));
    const theme = new Map(synthesis.themes.map((t) => [t.id, t]));
    for (const t of synthesis.themes.slice(0, 2)) {
      out.push({
        text: `${t.id === 'T1' ? 'The largest theme' : 'The next theme'} is ${t.id} (${t.name}): ${t.nodes.length} concepts across ${t.papers.length} of the ${synthesis.papers.length} papers.`,
        papers: ids(t.papers).slice(0, 5),
      });
    }
    const bridges = synthesis.edges
      .map((e) => ({ e, a: synthesis.nodes.find((n) => n.id === e.source)?.theme, b: synthesis.nodes.find((n) => n.id === e.target)?.theme }))
      .filter((x) => x.a && x.b && x.a !== x.b)
      .slice(0, 2);
    for (const { e, a, b } of bridges) {
      out.push({
        text: `"${label.get(e.source)}" (${a}: ${theme.get(a!)?.name}) and "${label.get(e.target)}" (${b}: ${theme.get(b!)?.name}) bridge two themes: they are related in ${e.papers.length} paper${e.papers.length === 1 ? '' : 's'}.`,
        papers: ids(e.papers).slice(0, 5),
      });
    }
  }
  if (demand && demand.skills.length) {
    const topSkills = demand.skills.slice(0, 3);
    out.push({
      text: `Most-named skills: ${topSkills.map((s) => `${s.name} (${s.papers} paper${s.papers === 1 ? '' : 's'}, ${pct(s.share)})`).join(', ')}.`,
      papers: topSkills.flatMap((s) => s.evidence.slice(0, 1).map((e) => e.arxivId)),
    });
    const rising = demand.skills.filter((s) => s.change?.trend === 'rising').sort((a, b) => b.change!.absolute - a.change!.absolute).slice(0, 3);
    for (const s of rising) {
      const c = s.change!;
      out.push({
        text: `${s.name} is rising: from ${pct(c.beforeShare)} to ${pct(c.afterShare)} of papers (${c.beforePapers} → ${c.afterPapers}, ${pValue(c.pValue)}).`,
        papers: s.evidence.map((e) => e.arxivId),
      });
    }
    const emerging = demand.emerging.slice(0, 3);
    if (emerging.length) {
      out.push({
        text: `Emerging terms outside the skill list: ${emerging.map((t) => `${t.term} (${t.change.beforePapers} → ${t.change.afterPapers} papers)`).join(', ')}.`,
        papers: emerging.flatMap((t) => t.evidence.slice(0, 1).map((e) => e.arxivId)),
      });
    }
  }
  return out;
}
