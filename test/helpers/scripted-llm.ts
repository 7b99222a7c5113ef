import { extractKeyTerms } from '../../agents/term-extractor/extract.js';
import type { ChatRequest, ScriptedReply } from './openai-server.js';

/** The data blocks of a rendered prompt, by slot name (the markers carry a random tag). */
export function dataBlocks(request: ChatRequest): Record<string, string> {
  const text = request.messages.map((m) => m.content).join('\n');
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/<<<DATA-([0-9a-f]+) name="(\w+)">>>\n([\s\S]*?)\n<<<END-\1>>>/g)) out[m[2]!] = m[3]!;
  return out;
}

/** Which agent is asking, from its system prompt. */
export function agentOf(request: ChatRequest): 'summarizer' | 'terms' | 'synthesizer' | 'answer' | 'unknown' {
  const system = request.messages[0]?.content ?? '';
  if (system.startsWith('You are the summarizer')) return 'summarizer';
  if (system.startsWith('You are the term extractor')) return 'terms';
  if (system.startsWith('You are the synthesizer')) return 'synthesizer';
  if (system.startsWith('You are the answerer')) return 'answer';
  return 'unknown';
}

const sentences = (text: string) => text.split(/(?<=[.!?])\s+/).filter((s) => s.trim());

/**
 * A stand-in for a model that does its job: valid JSON for each agent, built from the data it was given
 * (first sentences for the summary, the deterministic extractor's terms, theme concepts for names, the
 * first paper's first sentence for an answer). For testing the plumbing, not the writing.
 */
export function competentReply(request: ChatRequest): ScriptedReply {
  const data = dataBlocks(request);
  switch (agentOf(request)) {
    case 'summarizer': {
      const s = sentences(data.abstract ?? '');
      const tldr = (s[0] ?? data.title ?? 'A paper.').split(/\s+/).slice(0, 30).join(' ');
      return { content: JSON.stringify({ tldr, summary: s.slice(0, 3).join(' ') || tldr }) };
    }
    case 'terms': {
      const terms = extractKeyTerms({ title: data.title ?? '', abstract: data.abstract ?? '' }, 10).terms.map((t) => t.term);
      const relations = terms.slice(1, 5).map((t) => ({ source: terms[0]!, target: t, label: 'relates to' }));
      return { content: JSON.stringify({ terms, relations }) };
    }
    case 'synthesizer': {
      const themes = JSON.parse(data.themes ?? '[]') as { id: string; concepts: string[]; papers: { ref: string; title: string }[] }[];
      return {
        content: JSON.stringify({
          themes: themes.map((t) => ({ id: t.id, name: t.concepts.slice(0, 2).join(' and ') })),
          narrative: `These papers fall into ${themes.length} themes. The largest is about ${themes[0]?.concepts.slice(0, 2).join(' and ')}. Together they show how the field connects its methods and tasks.`,
          takeaways: themes.slice(0, 3).map((t) => ({ text: `Work on ${t.concepts[0]} spans ${t.papers.length} papers.`, papers: t.papers.slice(0, 2).map((p) => p.ref) })),
        }),
      };
    }
    case 'answer': {
      const first = /\[arXiv:([^\]]+)\][^\n]*\n([\s\S]*?)(?=\n\[arXiv:|$)/.exec(data.papers ?? '');
      if (!first) return { content: JSON.stringify({ answer: 'The papers do not answer this question.', found: false }) };
      return { content: JSON.stringify({ answer: `${sentences(first[2]!.trim())[0]} [arXiv:${first[1]}]`, found: true }) };
    }
    default:
      return { content: '{}' };
  }
}
