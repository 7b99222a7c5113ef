import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRun } from '../../graphs/research/run.js';
import { freshDir, freshLibrary } from '../helpers/db.js';
import { mermaidBlocks, parseMermaid } from '../helpers/mermaid.js';
import { request, testDeps } from '../helpers/research.js';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Titles and abstracts that try to break out of a label, a diagram, or the Markdown around it. */
const HOSTILE = [
  { title: 'He said "GAN" [quoted] (bracketed) {braced} | piped', abstract: 'We propose a "quoted" GAN | with pipes [and] brackets for image synthesis. The generator network uses adversarial training.' },
  { title: 'end', abstract: 'end subgraph end graph TD. We study the end of adversarial training in GAN models with an end-to-end generator network.' },
  { title: 'GAN 🚀 emoji — Ünïcödé 生成对抗网络', abstract: 'We introduce 🚀 emoji-rich GAN models for Ünïcödé text. The generator network produces 生成对抗网络 samples with adversarial training.' },
  { title: '%%{init: {"securityLevel":"loose","theme":"dark"}}%% GAN', abstract: '%%{init: {"securityLevel":"loose"}}%% We propose a %%{init}%% GAN whose generator network is trained with adversarial training. %% comment' },
  { title: '<img src=x onerror="window.__pwned=1"> GAN', abstract: 'We present <script>alert(1)</script> a GAN <img src=x onerror=alert(1)> with a generator network and adversarial training ](javascript:alert(1)).' },
  { title: 'Backticks `code` and #35; entities #quot; in a GAN', abstract: 'We propose ```mermaid\ngraph LR\n``` fenced GAN text with #quot; entities and a generator network under adversarial training; click n0 call alert().' },
];

function atomFeed(): string {
  const entries = HOSTILE.map((p, i) => `  <entry>
    <id>http://arxiv.org/abs/2501.0000${i + 1}v1</id>
    <updated>2025-01-0${i + 1}T00:00:00Z</updated>
    <published>2025-01-0${i + 1}T00:00:00Z</published>
    <title>${xml(p.title)}</title>
    <summary>${xml(p.abstract)}</summary>
    <author><name>${xml('Eve "Mallory" <eve@example.com>')}</name></author>
    <link href="http://arxiv.org/abs/2501.0000${i + 1}v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/2501.0000${i + 1}v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n${entries.join('\n')}\n</feed>\n`;
}

describe('untrusted titles and abstracts', () => {
  it('cannot break, alter or script the report and its diagrams', async () => {
    const file = path.join(freshDir(), 'hostile.xml');
    fs.writeFileSync(file, atomFeed());
    const library = freshLibrary();
    const outcome = await startRun(library, testDeps(library), request({ query: 'GAN', source: `file:${file}` }));
    expect(outcome).toMatchObject({ status: 'completed', papers: HOSTILE.length, analysed: HOSTILE.length, failed: 0 });

    const markdown = fs.readFileSync(outcome.reportPath!, 'utf8');
    const blocks = mermaidBlocks(markdown);
    expect(blocks).toHaveLength(HOSTILE.length + 3);
    for (const block of blocks) {
      const parsed = await parseMermaid(block);
      expect(parsed.config).toEqual({});
      if (block.startsWith('xychart-beta')) {
        // the skills chart: its labels come from the taxonomy, and "-->" is its own syntax
        expect(block.replace(' --> ', ' ')).not.toMatch(/%%|<|>|`/);
        continue;
      }
      expect(block).not.toMatch(/%%|<|>|`/);
      // every line is a declaration we wrote: the header, a node, an edge, a subgraph or its end
      for (const line of block.split('\n').slice(1)) {
        expect(line).toMatch(/^\s+(?:[a-z]\d+[([]|[a-z]\d+ (?:---|===|-\.-)|subgraph t\d+\[|end$)/);
      }
    }
    // outside the diagrams the text is escaped Markdown: no live HTML, no javascript: link
    const prose = markdown.replace(/```mermaid[\s\S]*?```/g, '');
    expect(prose).not.toMatch(/<img|<script|\]\(javascript:/i);
    expect(prose).toContain('&lt;img src=x onerror=');
    expect(prose).toContain('# paperloom report: GAN');
    expect(prose.match(/^### P\d+\. /gm)).toHaveLength(HOSTILE.length);
  });
});
