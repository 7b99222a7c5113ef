import { parseArxivId } from '../fetcher/schema.js';
import type { AnswerSentence } from './schema.js';

const CITATION = /\[arXiv:([^\]\s]+)\]/gi;

/** The arXiv ids a text cites as [arXiv:ID], normalised (no version), in order. */
export function citationsIn(text: string): string[] {
  return [...text.matchAll(CITATION)].map((m) => parseArxivId(m[1]!)?.arxivId ?? m[1]!);
}

/**
 * Keeps the statements whose every citation is a retrieved paper and removes the rest: an answer may
 * cite only what was retrieved for the question, never an id it made up or remembered.
 */
export function verifyCitations(sentences: AnswerSentence[], retrieved: string[]): { kept: AnswerSentence[]; removed: AnswerSentence[] } {
  const allowed = new Set(retrieved.map((id) => parseArxivId(id)?.arxivId ?? id));
  const kept: AnswerSentence[] = [];
  const removed: AnswerSentence[] = [];
  for (const s of sentences) {
    const cited = [...s.citations, ...citationsIn(s.text)].map((id) => parseArxivId(id)?.arxivId ?? id);
    (cited.length > 0 && cited.every((id) => allowed.has(id)) ? kept : removed).push(s);
  }
  return { kept, removed };
}

/**
 * Verifies a written answer (as an LLM would write it): its sentences, split on sentence ends, each
 * checked as above; a sentence without any citation is kept only if `uncitedAllowed`.
 */
export function verifyAnswerText(text: string, retrieved: string[], uncitedAllowed = false): { text: string; removed: string[] } {
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z0-9"(\[])/).map((t) => t.trim()).filter(Boolean);
  const { kept, removed } = verifyCitations(sentences.map((t) => ({ text: t, citations: citationsIn(t) })), retrieved);
  const keptText = new Set(kept.map((s) => s.text));
  const out = sentences.filter((t) => keptText.has(t) || (uncitedAllowed && citationsIn(t).length === 0));
  return { text: out.join(' '), removed: removed.map((s) => s.text).filter((t) => !(uncitedAllowed && citationsIn(t).length === 0)) };
}
