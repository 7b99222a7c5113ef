import { describe, expect, it } from 'vitest';
import { compressSentence, summarize } from '../../agents/summarizer/summarize.js';
import { rouge } from '../../src/nlp/rouge.js';

/** A realistic abstract: two background sentences, then the contribution, then results. */
const VIT = [
  'Recent advances in deep learning have transformed computer vision, yet training large vision models remains expensive and data hungry.',
  'Existing approaches to efficient training rely on heavy data augmentation or on distillation from larger teacher networks.',
  'In this paper, we propose SparseViT, a sparse vision transformer that prunes redundant image tokens during training and inference.',
  'SparseViT learns a lightweight token scoring network jointly with the transformer and drops low-scoring tokens at every stage.',
  'On ImageNet, SparseViT matches the accuracy of dense vision transformers while reducing training cost by 40%.',
  'We further show that the pruned token sets transfer to object detection and semantic segmentation.',
  'Code and models are publicly available.',
];

/** Another, whose long first sentence shares most words with the rest (a central background sentence). */
const LONG_CONTEXT = [
  'Large language models have achieved remarkable results on many natural language tasks, but their reasoning over long documents with many interleaved facts remains poor.',
  'Most long-context benchmarks test retrieval of a single fact rather than reasoning over several facts spread across long documents.',
  'We introduce LongReason, a benchmark of 2,000 questions whose answers require combining facts scattered across documents of up to 128,000 tokens.',
  'Evaluating twelve language models, we find that accuracy drops sharply once the relevant facts are more than 8,000 tokens apart.',
  'Retrieval augmentation recovers part of the gap but fails when facts must be chained in order.',
  'Our analysis suggests that position interpolation, not context length itself, is the main bottleneck.',
];

/** True when `short` is `sentence` with words left out and nothing added (a shortened TLDR). */
function shortenedFrom(short: string, sentence: string): boolean {
  const words = (t: string) => t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const long = words(sentence);
  let i = 0;
  for (const w of words(short)) {
    while (i < long.length && long[i] !== w) i++;
    if (i++ >= long.length) return false;
  }
  return true;
}

/** The abstract's sentence a TLDR was taken from, or undefined. */
function sourceOf(tldr: string, sentences: readonly string[]): string | undefined {
  return sentences.find((s) => shortenedFrom(tldr, s));
}

/** The abstract's sentences that appear in a text, in abstract order. */
function sentencesIn(text: string, sentences: string[]): string[] {
  return sentences.filter((s) => text.includes(s));
}

describe('summarize', () => {
  it('takes the TLDR from the abstract: one of its sentences, at most shortened', () => {
    for (const [title, sentences] of [['SparseViT', VIT], ['LongReason', LONG_CONTEXT]] as const) {
      const { tldr } = summarize({ title, abstract: sentences.join(' ') });
      expect(sourceOf(tldr, sentences)).toBeDefined();
    }
  });

  it('shortens the TLDR by dropping asides and a content-free lead-in, never by adding words', () => {
    const sentences = [
      'Large models are expensive to serve.',
      'In this paper, we propose SparseServe (a sparse serving system) that cuts inference cost by pruning attention heads.',
      'Experiments on three benchmarks confirm the savings.',
    ];
    const { tldr } = summarize({ title: 'SparseServe: sparse serving', abstract: sentences.join(' ') });
    expect(tldr).toBe('We propose SparseServe that cuts inference cost by pruning attention heads.');
    expect(shortenedFrom(tldr, sentences[1]!)).toBe(true);
  });

  it('drops a lead-in that only points back at the problem ("To address these gaps, ...")', () => {
    const sentences = [
      'Retrieval-augmented models still hallucinate when sources disagree with each other.',
      'To address these gaps, we introduce ConflictRAG, which ranks retrieved passages by their agreement.',
      'ConflictRAG halves hallucinations on two benchmarks.',
    ];
    const { tldr } = summarize({ title: 'ConflictRAG: retrieval under conflict', abstract: sentences.join(' ') });
    expect(tldr).toBe('We introduce ConflictRAG, which ranks retrieved passages by their agreement.');
  });

  it('never takes the TLDR from a sentence that only says where the code or data is', () => {
    const sentences = [
      'Metaphors in cartoons are hard for vision-language models to explain.',
      'We create the Hummus dataset of humorous multimodal metaphor use, with expert annotation of 1k image-caption pairs.',
      'Current models find fewer than half of the annotated metaphors.',
      'We release our Hummus dataset and code for multimodal metaphor annotation at github.com/acme/hummus-multimodal-metaphor.',
    ];
    const { tldr, summary } = summarize({ title: 'Hummus: a dataset of humorous multimodal metaphor use', abstract: sentences.join(' ') });
    expect(tldr).toBe(sentences[1]);
    expect(summary).not.toContain('github.com');
    // A contribution that names its address is still a contribution.
    const open = ['Tool support lags behind for vision models.', 'We present Prisma, an open-source toolkit for vision interpretability at https://github.com/acme/prisma.', 'It covers 75 models.'];
    expect(summarize({ title: 'Prisma: a toolkit for vision interpretability', abstract: open.join(' ') }).tldr).toBe(open[1]);
  });

  it('drops connectives, stacked lead-ins and section labels, so the TLDR stands alone ("Therefore, in this paper, we ...")', () => {
    expect(compressSentence('Therefore, in this paper, we introduce Llama3-MS-CLIP, a vision-language model for multispectral data.'))
      .toBe('We introduce Llama3-MS-CLIP, a vision-language model for multispectral data.');
    expect(compressSentence('Moreover, we propose a clustering-based preprocessing step that groups patterns.'))
      .toBe('We propose a clustering-based preprocessing step that groups patterns.');
    expect(compressSentence('First, we construct ReasonPlan3D, a large-scale benchmark of diverse 3D scenes.'))
      .toBe('We construct ReasonPlan3D, a large-scale benchmark of diverse 3D scenes.');
    // A structured abstract's section label goes too; "Second-order" is not a lead-in.
    expect(compressSentence('Methods: We trained a U-Net on 400 annotated scans of the knee.')).toBe('We trained a U-Net on 400 annotated scans of the knee.');
    expect(compressSentence('Second-order methods, however, converge in fewer steps on these problems.'))
      .toBe('Second-order methods, however, converge in fewer steps on these problems.');
    // Too little would be left: the sentence stays whole.
    expect(compressSentence('Finally, we conclude.')).toBe('Finally, we conclude.');
  });

  it('prefers the contribution sentence ("we propose", "we introduce") over background for the TLDR', () => {
    const vit = summarize({ title: 'SparseViT: Token Pruning for Efficient Vision Transformers', abstract: VIT.join(' ') });
    expect(sourceOf(vit.tldr, VIT)).toBe(VIT[2]);
    const long = summarize({ title: 'LongReason: Reasoning over Long Documents', abstract: LONG_CONTEXT.join(' ') });
    expect(sourceOf(long.tldr, LONG_CONTEXT)).toBe(LONG_CONTEXT[2]);
  });

  it('builds the summary from whole abstract sentences, in abstract order, TLDR included', () => {
    for (const sentences of [VIT, LONG_CONTEXT, [...VIT, ...LONG_CONTEXT]]) {
      const out = summarize({ title: 'A paper', abstract: sentences.join(' ') });
      const used = sentencesIn(out.summary, sentences);
      expect(used.length).toBeGreaterThanOrEqual(1);
      expect(used.length).toBeLessThanOrEqual(3);
      expect(used.length).toBeLessThan(sentences.length);
      // nothing else in it, and the order is the abstract's
      expect(out.summary).toBe(used.join(' '));
      expect(used).toContain(sourceOf(out.tldr, sentences));
    }
  });

  it('reports ROUGE of the summary against the abstract, consistently', () => {
    const abstract = VIT.join(' ');
    const out = summarize({ title: 'SparseViT', abstract });
    expect(out.rouge).toEqual(rouge(out.summary, abstract));
    // every summary word is an abstract word, and in order
    expect(out.rouge.rouge1.p).toBe(1);
    expect(out.rouge.rougeL.p).toBe(1);
    // a summary shorter than the abstract cannot recall all of it
    expect(out.rouge.rouge1.r).toBeGreaterThan(0);
    expect(out.rouge.rouge1.r).toBeLessThan(1);
    expect(out.rouge.rouge1.f).toBeCloseTo((2 * out.rouge.rouge1.r) / (1 + out.rouge.rouge1.r), 10);
  });

  it('returns a one-sentence abstract as both TLDR and summary, with ROUGE 1', () => {
    const sentence = 'We propose a message passing scheme for graph neural networks on molecules.';
    const out = summarize({ title: 'Message passing', abstract: sentence });
    expect(out.tldr).toBe(sentence);
    expect(out.summary).toBe(sentence);
    expect(out.rouge.rouge1).toEqual({ p: 1, r: 1, f: 1 });
    expect(out.rouge.rougeL).toEqual({ p: 1, r: 1, f: 1 });
  });

  it('falls back to the title when the abstract is empty, with ROUGE 0 rather than NaN', () => {
    const out = summarize({ title: 'Attention Is All You Need', abstract: '' });
    expect(out.tldr).toBe('Attention Is All You Need');
    expect(out.summary).toBe('Attention Is All You Need');
    expect(out.rouge.rouge1).toEqual({ p: 0, r: 0, f: 0 });
    const blank = summarize({ title: '', abstract: '   ' });
    expect(blank.tldr).toBe('');
    expect(blank.summary).toBe('');
  });

  it('shows math as readable text, never as LaTeX source', () => {
    const abstract =
      'We give an $O(n \\log n)$ algorithm for the set $\\{x : \\|x\\|_2 \\leq 1\\}$ with step size $\\alpha$ and \\emph{adaptive merging}.';
    const out = summarize({ title: 'Fast merging', abstract });
    expect(out.tldr).not.toMatch(/[\\$]/);
    expect(out.tldr).toContain('O(n log n)');
    expect(out.tldr).toContain('{x : ‖x‖_2 ≤ 1}');
    expect(out.tldr).toContain('step size α and adaptive merging');
  });

  it('does not end a sentence at the dot of a version ("Qwen2.5-7B", "GPT-3.5", "v1.2")', () => {
    const sentences = [
      'Small models lag behind large ones on reasoning benchmarks of every kind.',
      'We propose DistillR, which fine-tunes Qwen2.5-7B and Llama-3.1-8B on reasoning traces written by GPT-3.5 and released as v1.2 of our data.',
      'DistillR closes half of the gap on five benchmarks.',
    ];
    const { tldr, summary } = summarize({ title: 'Distilling reasoning', abstract: sentences.join(' ') });
    expect(tldr).toBe(sentences[1]);
    expect(sentencesIn(summary, sentences)).toContain(sentences[1]);
  });

  it('is deterministic', () => {
    const input = { title: 'LongReason', abstract: LONG_CONTEXT.join(' ') };
    expect(JSON.stringify(summarize(input))).toBe(JSON.stringify(summarize(input)));
  });
});
