import { JSDOM } from 'jsdom';

type Mermaid = typeof import('mermaid').default;
let mermaid: Mermaid | undefined;

/**
 * mermaid's own parser. It needs a DOM (it sanitises labels with DOMPurify), so a jsdom window is put
 * in place before mermaid is loaded.
 */
async function loadMermaid(): Promise<Mermaid> {
  if (!mermaid) {
    const dom = new JSDOM('<!doctype html><html><body></body></html>');
    const g = globalThis as Record<string, unknown>;
    g.window ??= dom.window;
    g.document ??= dom.window.document;
    g.DOMParser ??= dom.window.DOMParser;
    mermaid = (await import('mermaid')).default;
  }
  return mermaid;
}

/** Parses a diagram with mermaid; throws mermaid's error when it is not valid. Returns what mermaid read. */
export async function parseMermaid(source: string): Promise<{ diagramType: string; config: Record<string, unknown> }> {
  const m = await loadMermaid();
  const result = await m.parse(source);
  if (!result) throw new Error('mermaid.parse returned false');
  return result as { diagramType: string; config: Record<string, unknown> };
}

/** The ```mermaid blocks of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
}
