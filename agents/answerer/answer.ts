import { prepareText } from '../../src/nlp/prepare.js';
import { stem, stemmedTokens, wordTokens } from '../../src/nlp/words.js';
import { wordWeight, type QuestionTerms } from './query.js';
import type { AnswerSentence, RetrievedPaper } from './schema.js';

/** Sentences quoted per paper at most. */
const PER_PAPER = 2;

/**
 * The extractive answer: for each retrieved paper, the abstract sentences that best answer the question
 * (the question's content words they contain, weighted by rarity, plus the skills it names), each
 * carrying its [arXiv:ID]. Papers without a sentence that shares a content word are left out.
 */
export function extractiveAnswer(terms: QuestionTerms, papers: RetrievedPaper[]): AnswerSentence[] {
  const weights = new Map(terms.words.map((w) => [stem(w), wordWeight(w)]));
  const phrases = terms.expansions.map((e) => ` ${stemmedTokens(e).join(' ')} `);
  const out: AnswerSentence[] = [];
  for (const paper of papers) {
    const prepared = prepareText(paper.title, paper.abstract);
    const scored = prepared.sentences.slice(prepared.titleSentences).map((text, index) => {
      const stems = stemmedTokens(text);
      const present = new Set(stems.filter((s) => weights.has(s)));
      const joined = ` ${stems.join(' ')} `;
      const skill = phrases.some((p) => joined.includes(p)) ? 1 : 0;
      let score = skill;
      for (const s of present) score += weights.get(s)!;
      // Long sentences say more but also more besides: a mild length penalty.
      return { text, index, present, score: score / Math.sqrt(Math.max(8, wordTokens(text).length) / 8) };
    });
    const best = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.index - b.index);
    const chosen = best.slice(0, 1);
    // A second sentence only when it brings question words the first lacks and weighs at least half as much.
    const second = best.slice(1).find((s) => s.score >= 0.5 * chosen[0]!.score && [...s.present].some((w) => !chosen[0]?.present.has(w)));
    if (second && chosen.length) chosen.push(second);
    for (const s of chosen.slice(0, PER_PAPER).sort((a, b) => a.index - b.index)) {
      out.push({ text: `${s.text} [arXiv:${paper.arxivId}]`, citations: [paper.arxivId] });
    }
  }
  return out;
}

/**
 * The answer as text, then the list of cited papers: extractive statements grouped by paper; an LLM's
 * answer (`by`: its model) as the paragraph it wrote.
 */
export function renderAnswer(sentences: AnswerSentence[], papers: RetrievedPaper[], by?: string): string {
  if (sentences.length === 0) return 'Nothing found: no paper in the library answers this question. Try other words, or --fetch to search arXiv.';
  const cited = papers.filter((p) => sentences.some((s) => s.citations.includes(p.arxivId)));
  const lines: string[] = [];
  if (by) {
    lines.push(sentences.map((s) => s.text).join(' '), '', `(Written by ${by} from the papers retrieved for the question; every citation checked.)`);
  } else {
    lines.push('From the papers in your library:', '');
    for (const p of cited) {
      const own = sentences.filter((s) => s.citations.includes(p.arxivId)).map((s) => s.text);
      lines.push(`- ${own.join(' ')}`);
    }
  }
  lines.push('', 'Cited papers:');
  cited.forEach((p, i) => lines.push(`${i + 1}. [arXiv:${p.arxivId}] ${p.title}${p.published ? ` (${p.published.slice(0, 4)})` : ''} — https://arxiv.org/abs/${p.arxivId}`));
  return lines.join('\n');
}
