/**
 * Papers whose text tries to run script, reconfigure mermaid or break a diagram once shown in a browser:
 * markup, mermaid directives and keywords, quotes, brackets, emoji, right-to-left text.
 */
export const HOSTILE = [
  { title: '<img src=x onerror="window.__pwned=1"> Diffusion models with PyTorch', abstract: 'We propose a diffusion model trained with PyTorch on GPUs. <script>window.__pwned=1</script> The sampler uses classifier-free guidance.' },
  { title: 'Loose security for transformers', abstract: '%%{init: {"securityLevel":"loose"}}%% We study transformers and large language models (LLMs) with retrieval-augmented generation. <a href="javascript:window.__pwned=1">click</a>' },
  { title: 'click n0 call alert() in "JAX" graphs', abstract: 'We introduce a JAX library for graph neural networks on TPUs, with distributed training over MPI. end subgraph %%' },
  { title: '%%{init: {"theme":"dark"}}%% "Quoted" [brackets] {braces} (parens) end', abstract: 'Reinforcement learning agents with tool use end the episode early. graph TD; A-->B; style A fill:#f00 [x] {y} "z" \'w\' `v` |pipe| ; semicolons ; end' },
  { title: 'Emoji 🤖🔥 and right-to-left text: שלום עולם — agents', abstract: 'Large language model agents 🤖 plan with tools; we evaluate them on multilingual benchmarks (العربية, עברית) and report accuracy 🔥 with retrieval-augmented generation.' },
];

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An arXiv Atom feed of the hostile papers, one a month from March 2025. */
export function hostileFeed(): string {
  const entries = HOSTILE.map((p, i) => `<entry><id>http://arxiv.org/abs/2503.0000${i + 1}v1</id><published>2025-${String(3 + i).padStart(2, '0')}-10T00:00:00Z</published>
    <title>${xml(p.title)}</title><summary>${xml(p.abstract)}</summary><author><name>${xml('Mallory <m@x>')}</name></author>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/></entry>`);
  return `<feed xmlns="http://www.w3.org/2005/Atom">${entries.join('')}</feed>`;
}
