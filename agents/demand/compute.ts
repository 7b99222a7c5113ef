import { compareStrings } from '../../src/compare.js';
import { renderFlowchart } from '../../src/mermaid/flowchart.js';
import type { SkillMatcher } from '../../src/skills/match.js';
import { twoProportionPValue } from '../../src/stats.js';
import type { Change, DemandPaper, DemandReport } from './schema.js';

export type DemandOptions = {
  matcher: SkillMatcher;
  /** The window counted (inclusive days); null ends are open. */
  window: { from: string | null; to: string | null };
  /** The window to compare the first with; omitted: the two halves of the window's papers by date, when they span 60 days. */
  compareTo?: { from: string; to: string };
  /** Skills listed (most demanded first). */
  top?: number;
  /** Fewest papers naming a term in the later window for it to count as emerging. */
  minSupport?: number;
};

const SIGNIFICANCE = 0.05;
const EVIDENCE = 3;
const MIN_SPAN_DAYS = 60;

type Counted = { papers: number; mentions: number; evidence: { paper: DemandPaper; inTitle: boolean; mentions: number }[] };

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
const dayString = (n: number) => new Date(Math.round(n) * 86_400_000).toISOString().slice(0, 10);
const inWindow = (day: string | null, w: { from: string | null; to: string | null }) =>
  (w.from === null || (day !== null && day >= w.from)) && (w.to === null || (day !== null && day <= w.to));

/** The change of a count between two windows, with its significance. */
export function change(beforePapers: number, beforeTotal: number, afterPapers: number, afterTotal: number): Change {
  const beforeShare = beforeTotal ? beforePapers / beforeTotal : 0;
  const afterShare = afterTotal ? afterPapers / afterTotal : 0;
  const pValue = twoProportionPValue(beforePapers, beforeTotal, afterPapers, afterTotal);
  const absolute = 100 * (afterShare - beforeShare);
  return {
    beforePapers,
    beforeShare,
    afterPapers,
    afterShare,
    absolute,
    relative: beforeShare > 0 ? afterShare / beforeShare - 1 : null,
    pValue,
    trend: pValue < SIGNIFICANCE ? (absolute > 0 ? 'rising' : 'falling') : 'steady',
  };
}

function evidenceOf(c: Counted): DemandReport['skills'][number]['evidence'] {
  return [...c.evidence]
    .sort((a, b) => Number(b.inTitle) - Number(a.inTitle) || b.mentions - a.mentions || compareStrings(b.paper.day ?? '', a.paper.day ?? '') || compareStrings(a.paper.arxivId, b.paper.arxivId))
    .slice(0, EVIDENCE)
    .map((e) => ({ arxivId: e.paper.arxivId, title: e.paper.title, published: e.paper.day }));
}

/** Keeps the best few evidence candidates as papers arrive, so memory stays flat over 40,000 papers. */
function addEvidence(c: Counted, paper: DemandPaper, inTitle: boolean, mentions: number): void {
  c.evidence.push({ paper, inTitle, mentions });
  if (c.evidence.length > 4 * EVIDENCE) c.evidence = evidenceOf(c).map((e) => c.evidence.find((x) => x.paper.arxivId === e.arxivId)!);
}

/**
 * Skill & technology demand over a selection of papers: for each taxonomy skill the papers that mention
 * it (title or abstract), its share, and how that share moved between two windows (absolute and
 * relative, with a two-proportion z-test: only p < 0.05 is called rising or falling); emerging key terms
 * outside the taxonomy; which skills are named together; and Mermaid charts of both.
 */
export function computeDemand(papers: Iterable<DemandPaper>, options: DemandOptions): DemandReport {
  const { matcher } = options;
  const top = options.top ?? 20;
  const minSupport = options.minSupport ?? 5;
  type Matched = { paper: DemandPaper; skills: Map<string, number>; titleSkills: Set<string>; main: boolean; compared: boolean };
  const selected: Matched[] = [];
  for (const paper of papers) {
    const main = inWindow(paper.day, options.window);
    const compared = !!options.compareTo && inWindow(paper.day, options.compareTo);
    if (!main && !compared) continue;
    const skills = matcher.match(`${paper.title}\n${paper.abstract}`);
    const titleSkills = skills.size ? new Set(matcher.match(paper.title).keys()) : new Set<string>();
    // The abstract is not kept: 40,000 of them would double the memory of a library-wide report.
    selected.push({ paper: { ...paper, abstract: '' }, skills, titleSkills, main, compared });
  }
  // The papers counted: those in the window.
  const counted = selected.filter((s) => s.main);

  // The windows compared: explicit (--compare-to against the window), or the window's two halves by date.
  let before: Matched[] = [];
  let after: Matched[] = [];
  let comparison: DemandReport['comparison'] = null;
  if (options.compareTo) {
    before = selected.filter((s) => s.compared);
    after = counted;
    comparison = {
      before: { from: options.compareTo.from, to: options.compareTo.to, papers: before.length },
      after: { from: options.window.from, to: options.window.to, papers: after.length },
      automatic: false,
    };
  } else {
    const days = counted.map((s) => s.paper.day).filter((d): d is string => d !== null).map(dayNumber);
    const first = Math.min(...days);
    const last = Math.max(...days);
    if (days.length > 0 && last - first >= MIN_SPAN_DAYS) {
      const middle = Math.floor((first + last) / 2);
      before = counted.filter((s) => s.paper.day !== null && dayNumber(s.paper.day) <= middle);
      after = counted.filter((s) => s.paper.day !== null && dayNumber(s.paper.day) > middle);
      comparison = {
        before: { from: dayString(first), to: dayString(middle), papers: before.length },
        after: { from: dayString(middle + 1), to: dayString(last), papers: after.length },
        automatic: true,
      };
    }
  }

  const perSkill = new Map<string, Counted>();
  const pairs = new Map<string, number>();
  for (const s of counted) {
    const ids = [...s.skills.keys()].sort(compareStrings);
    for (const [id, mentions] of s.skills) {
      let c = perSkill.get(id);
      if (!c) perSkill.set(id, (c = { papers: 0, mentions: 0, evidence: [] }));
      c.papers++;
      c.mentions += mentions;
      addEvidence(c, s.paper, s.titleSkills.has(id), mentions);
    }
    for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.set(`${ids[i]}\u0000${ids[j]}`, (pairs.get(`${ids[i]}\u0000${ids[j]}`) ?? 0) + 1);
  }
  const countIn = (group: Matched[], id: string) => group.reduce((n, s) => n + (s.skills.has(id) ? 1 : 0), 0);

  const skills = matcher.skills
    .filter((k) => perSkill.has(k.id))
    .map((k) => {
      const c = perSkill.get(k.id)!;
      return {
        id: k.id,
        name: k.name,
        category: k.category,
        papers: c.papers,
        share: counted.length ? c.papers / counted.length : 0,
        mentions: c.mentions,
        change: comparison ? change(countIn(before, k.id), before.length, countIn(after, k.id), after.length) : null,
        evidence: evidenceOf(c),
      };
    })
    .sort((a, b) => b.papers - a.papers || b.mentions - a.mentions || compareStrings(a.id, b.id))
    .slice(0, top);

  const emerging = comparison ? emergingTerms(before, after, matcher, minSupport) : [];
  const shown = new Set(skills.map((s) => s.id));
  const cooccurrence = [...pairs.entries()]
    .map(([key, papers]) => {
      const [a, b] = key.split('\u0000') as [string, string];
      return { a, b, papers };
    })
    .filter((p) => shown.has(p.a) && shown.has(p.b))
    .sort((x, y) => y.papers - x.papers || compareStrings(x.a, y.a) || compareStrings(x.b, y.b))
    .slice(0, 20);

  return {
    window: { from: options.window.from, to: options.window.to, papers: counted.length },
    comparison,
    skills,
    emerging,
    cooccurrence,
    mermaid: { chart: skillChart(skills.slice(0, 10)), cooccurrence: cooccurrenceGraph(skills, cooccurrence) },
  };
}

/** Key terms outside the taxonomy whose share grew most between the windows (significant, supported). */
function emergingTerms(before: { paper: DemandPaper }[], after: { paper: DemandPaper }[], matcher: SkillMatcher, minSupport: number): DemandReport['emerging'] {
  const count = (group: { paper: DemandPaper }[]) => {
    const counts = new Map<string, { papers: number; label: string; examples: DemandPaper[] }>();
    for (const { paper } of group) {
      for (const t of paper.terms) {
        const c = counts.get(t.key);
        if (c) {
          c.papers++;
          if (c.examples.length < EVIDENCE) c.examples.push(paper);
        } else counts.set(t.key, { papers: 1, label: t.term, examples: [paper] });
      }
    }
    return counts;
  };
  const b = count(before);
  const a = count(after);
  return [...a.entries()]
    .filter(([, c]) => c.papers >= minSupport && !matcher.isSkillTerm(c.label))
    .map(([key, c]) => ({ key, c, delta: change(b.get(key)?.papers ?? 0, before.length, c.papers, after.length) }))
    .filter((x) => x.delta.trend === 'rising')
    .sort((x, y) => y.delta.absolute - x.delta.absolute || compareStrings(x.key, y.key))
    .slice(0, 10)
    .map(({ c, delta }) => ({
      term: c.label,
      papers: c.papers,
      change: delta,
      evidence: c.examples.map((p) => ({ arxivId: p.arxivId, title: p.title, published: p.day })),
    }));
}

/** A label for an xychart axis: its own punctuation only (quotes would end the label). */
function axisLabel(name: string): string {
  const plain = name.replace(/[^\p{L}\p{N} +#./&-]/gu, ' ').replace(/\s+/g, ' ').trim();
  if (plain.length <= 28) return plain || 'skill';
  const cut = plain.slice(0, 27);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 12 ? cut.lastIndexOf(' ') : 27)}…`;
}

/** A Mermaid bar chart of the skills' shares of papers; horizontal, so every skill's name stays readable. */
export function skillChart(skills: { name: string; share: number }[]): string {
  const values = skills.map((s) => Math.round(s.share * 1000) / 10);
  const max = Math.max(1, Math.ceil(Math.max(0, ...values) / 5) * 5);
  return [
    'xychart-beta horizontal',
    '  title "Share of papers naming each skill (%)"',
    `  x-axis [${skills.map((s) => `"${axisLabel(s.name)}"`).join(', ') || '"none"'}]`,
    `  y-axis "% of papers" 0 --> ${max}`,
    `  bar [${values.join(', ') || '0'}]`,
  ].join('\n');
}

/** A Mermaid graph of which skills are named in the same papers (edges: number of papers). */
function cooccurrenceGraph(skills: { id: string; name: string }[], pairs: { a: string; b: string; papers: number }[]): string {
  const used = skills.filter((s) => pairs.some((p) => p.a === s.id || p.b === s.id));
  const ids = new Map(used.map((s, i) => [s.id, `k${i}`]));
  return renderFlowchart({
    direction: 'LR',
    nodes: (used.length ? used : skills.slice(0, 1)).map((s, i) => ({ id: ids.get(s.id) ?? `k${i}`, label: s.name, shape: 'round' })),
    edges: pairs.map((p) => ({ from: ids.get(p.a)!, to: ids.get(p.b)!, label: String(p.papers), strength: 'normal' })),
  });
}
