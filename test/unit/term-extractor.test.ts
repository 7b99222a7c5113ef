import { describe, expect, it } from 'vitest';
import { distinctTerms } from '../../agents/term-extractor/distinct.js';
import { parseAtomFeed } from '../../agents/fetcher/atom.js';
import { SampleSource } from '../../agents/fetcher/sources.js';
import { extractKeyTerms, namesSubject, rankTerms } from '../../agents/term-extractor/extract.js';
import { latexToText } from '../../src/nlp/latex.js';
import { background } from '../../src/nlp/background/index.js';
import { prepareText, withoutPlaceholders } from '../../src/nlp/prepare.js';
import { analysePaper } from '../../agents/analyst/analyse-paper.js';
import { asPaper } from '../../src/eval/evaluate.js';
import { stemKey } from '../../src/nlp/words.js';

/** The terms, best first, as a user sees them. */
function terms(title: string, abstract: string, limit?: number): string[] {
  return extractKeyTerms({ title, abstract }, limit).terms.map((t) => t.term);
}

/** Each word of each term, lower-cased. */
function termWords(list: string[]): string[] {
  return list.flatMap((t) => t.toLowerCase().split(' '));
}

/** Every word of every term is a word of the (LaTeX-rendered) text: nothing invented, nothing cut. */
function expectWordsFromText(list: string[], title: string, abstract: string): void {
  const text = `${latexToText(title)} ${latexToText(abstract)}`.toLowerCase();
  for (const word of termWords(list)) expect(text, `term word "${word}"`).toContain(word);
}

const COMPLAINTS = ['we', 'is', 'that', '1', '2', 'respectively'];
const STOP_WORDS = ['the', 'a', 'an', 'of', 'and', 'or', 'in', 'on', 'for', 'to', 'with', 'by', 'our', 'this', 'these', 'it', 'its', 'are', 'be', 'which', 'what'];

const GAN_ABSTRACT =
  'Generative adversarial networks (GANs) learn to synthesise realistic images by playing a minimax game ' +
  'between a generator and a discriminator. We show that training GANs is unstable, and that mode collapse ' +
  'is frequent. We propose a spectral normalisation of the discriminator weights that stabilises adversarial ' +
  'training. On CIFAR-10 and ImageNet, spectrally normalised GANs improve the Inception score by 1 and 2 ' +
  'points, respectively, and reduce mode collapse.';

describe('extractKeyTerms: what is never a term', () => {
  it('never emits the complaint list ("we", "is", "that", "1", "2", "respectively") or stop words', () => {
    const abstracts = [
      GAN_ABSTRACT,
      'We show that the proposed approach is fast and that it is accurate. Accuracy improves by 1 and 2 points, ' +
        'respectively. We find that this is what we expected. It is 1, 2, 3. That is all.',
    ];
    for (const abstract of abstracts) {
      const words = termWords(terms('A study', abstract));
      for (const w of [...COMPLAINTS, ...STOP_WORDS]) expect(words, `"${w}" inside a term`).not.toContain(w);
    }
  });

  it('does not return generic words on their own ("method", "results", "paper")', () => {
    const list = terms('', 'In this paper, our method achieves strong results on several tasks. The results of the method are good.');
    for (const generic of ['paper', 'method', 'results', 'tasks', 'results of the method']) expect(list).not.toContain(generic);
  });

  it('does not return the furniture of a full paper on its own ("section", "theorem", "thousands")', () => {
    const sentence = 'As the table in the appendix shows for thousands of graphs, the theorem of Section 3 holds for spectral ' +
      'sparsifiers, and the lemma of this section gives the commute time of the random walk on spectral sparsifiers. ';
    const list = terms('Spectral sparsifiers', sentence.repeat(60));
    expect(list.slice(0, 3).map((t) => t.toLowerCase())).toContain('spectral sparsifiers');
    for (const furniture of ['section', 'theorem', 'table', 'appendix', 'thousands', 'lemma']) expect(list.map((t) => t.toLowerCase())).not.toContain(furniture);
    expect(list.map((t) => t.toLowerCase())).toContain('commute time');
  });

  it('returns nothing for an empty title and abstract', () => {
    expect(extractKeyTerms({ title: '', abstract: '' }).terms).toEqual([]);
  });
});

describe('extractKeyTerms: phrases', () => {
  it('returns multi-word phrases when the text has them', () => {
    const title = 'Graph neural networks for molecules';
    const abstract =
      'Graph neural networks learn node embeddings from molecular graphs. We show that graph neural networks ' +
      'with attention pooling predict molecular properties.';
    const list = terms(title, abstract);
    expect(list[0]).toBe('graph neural networks');
    expect(list).toContain('node embeddings');
    expect(list).toContain('molecular properties');
    expectWordsFromText(list, title, abstract);
  });

  it('does not run a title into its text when nothing separates them, yet keeps names whole', () => {
    // The title and the abstract's first sentence as one line (as key-phrase sets store them).
    const text =
      'Tag recommendation with tensor factorization Tag recommendation is the task of predicting tags. ' +
      'We study tag recommendation on Markov Chain Monte Carlo samples and on Gaussian Process priors.';
    const ranked = rankTerms(prepareText('', text), 50).map((t) => t.term);
    expect(ranked).toContain('tensor factorization');
    expect(ranked.some((t) => /factorization tag/i.test(t))).toBe(false);
    // Capitalised words the text never writes in lower case are names: the phrase goes on through them.
    expect(ranked.some((t) => /Markov Chain Monte Carlo/i.test(t))).toBe(true);
    expect(ranked.some((t) => /Gaussian Process priors/i.test(t))).toBe(true);
  });

  it('takes an -ing word alone as a term where it names something, not where it is a verb', () => {
    const abstract =
      'We show that unlearning is fragile, and we study denoising with care: denoising is slow. ' +
      'Rethinking the evaluation, taming diffusion models and unlocking the potential of agents are left open.';
    const list = terms('', abstract, 30).map((t) => t.toLowerCase());
    expect(list).toContain('unlearning');
    expect(list).toContain('denoising');
    for (const verb of ['rethinking', 'taming', 'unlocking']) expect(list).not.toContain(verb);
  });

  it('never makes a term of a verb and its object ("have demonstrated impressive capabilities", "in generating high-quality images")', () => {
    const abstract =
      'Large language models have demonstrated impressive capabilities. Explainable AI has garnered significant attention, ' +
      'and we explored automatic poster design. Diffusion models excel in generating realistic images, offering valuable insights. ' +
      'We evaluate our learned representations. Deep learning struggles with medical imaging due to scarce labels, ' +
      'which makes centralized training impractical. Deployed systems offer tangible benefits, though bridges face ' +
      'escalating deterioration and neural networks face severe risks like overfitting.';
    const list = terms('', abstract, 50).map((t) => t.toLowerCase());
    for (const verb of ['demonstrated', 'garnered', 'explored', 'generating', 'offering', 'offer', 'face', 'like']) {
      expect(list.filter((t) => t.split(' ').includes(verb)), verb).toEqual([]);
    }
    // The objects stay terms, and so do the modifiers and -ing nouns that only look like verbs.
    for (const term of ['automatic poster design', 'realistic images', 'valuable insights', 'learned representations', 'deep learning', 'medical imaging', 'centralized training', 'deployed systems', 'tangible benefits', 'neural networks']) expect(list).toContain(term);
  });

  it('finds the terms that wink\'s tags or generic words used to hide ("hidden markov models", "entity ranking", "tree edit distance", "topic model")', () => {
    const abstract =
      'We fit hidden markov models to frozen backbones of spoken language. Entity ranking is hard, so a new tag ranking ' +
      'algorithm learns an optimal ranking of pages. A topic model improves data quality. We measure the tree edit ' +
      'distance with a pyramid match kernel, while neural networks learn representations.';
    const list = terms('', abstract, 50).map((t) => t.toLowerCase());
    // irregular participles modify as -ed forms do
    for (const term of ['hidden markov models', 'frozen backbones', 'spoken language']) expect(list).toContain(term);
    // an -ing word tagged as an adjective after a noun is a noun; an -ing head alone is a term too
    for (const term of ['entity ranking', 'tag ranking', 'tag ranking algorithm', 'ranking']) expect(list).toContain(term);
    // a verb's base form between a singular noun and a noun is a noun; after a plural one it stays a verb
    for (const term of ['tree edit distance', 'pyramid match kernel']) expect(list).toContain(term);
    expect(list.filter((t) => t.split(' ').includes('learn'))).toEqual([]);
    // phrases made of generic words only
    for (const term of ['topic model', 'data quality']) expect(list).toContain(term);
    // while the generic words alone are still not terms
    for (const word of ['topic', 'model', 'data', 'quality']) expect(list).not.toContain(word);
  });

  it('reads "series", "species" and "analysis" as singular, so the noun after them stays a noun ("time-series pattern matching")', () => {
    const list = terms('', 'We study time-series pattern matching for sensors. We compress time series data using wavelets. ' +
      'Species distribution modelling helps ecologists, and a regression analysis framework using bootstrap samples is fast.', 50);
    for (const term of ['pattern matching', 'time series data', 'species distribution modelling', 'regression analysis framework']) expect(list).toContain(term);
  });

  it('keeps the noun after a plural before "using" or "including" ("kinematics data using"), as no verb takes those', () => {
    const list = terms('', 'We fit an expected goals model using logistic regression on kinematics data using wearable sensors. ' +
      'Surrogates help materials science including catalysis.', 50);
    for (const term of ['goals model', 'kinematics data', 'materials science']) expect(list).toContain(term);
  });

  it('reads a verb\'s base form that opens a sentence before a noun as a noun ("Transfer learning has ..."), not a name or a title in title case', () => {
    const list = terms('Tell Model Where to Look', 'Transfer learning has emerged as a tool. Reward models (RMs) guide alignment, ' +
      'and RMs are cheap. Pose estimation was quantified. DeGauss models dynamic scenes.', 50);
    for (const term of ['transfer learning', 'reward models', 'pose estimation']) expect(list).toContain(term);
    expect(list.filter((t) => /tell|degauss models/i.test(t))).toEqual([]);
    // also a base form that ends in s
    expect(terms('', 'Focus groups helped the study. Bypass rates: a new metric.', 20)).toEqual(expect.arrayContaining(['focus groups', 'bypass rates']));
  });

  it('reads "least" before a noun as a modifier ("least squares"), not in "at least" or "the least memory"', () => {
    const list = terms('', 'We solve a least squares problem with recursive least squares and need at least two samples. ' +
      'Our solver uses the least memory.', 50);
    for (const term of ['least squares', 'least squares problem', 'recursive least squares']) expect(list).toContain(term);
    expect(list.filter((t) => /least (?:two|memory)/.test(t))).toEqual([]);
  });

  it('reads a compound ending in a plural that wink tags as a verb ("k-means") as a noun, not "self-evolves its"', () => {
    const list = terms('', 'We compare k-means, spectral clustering and fuzzy c-means on CT-scans. K-means clustering is fast. ' +
      'The agent self-evolves its curriculum, and detecting anomalies-remains unclear.', 50);
    for (const term of ['k-means', 'k-means clustering', 'fuzzy c-means', 'CT-scans']) expect(list).toContain(term);
    expect(list.filter((t) => /evolves|remains/.test(t))).toEqual([]);
  });

  it('reads a compound ending in an -ing form as a noun where nothing follows it, as a modifier before one', () => {
    const title = 'Parameter-Efficient Fine-Tuning for Privacy-Preserving Speech Recognition';
    const abstract =
      'We study parameter-efficient fine-tuning (PEFT) of speech models. With parameter-efficient fine-tuning, ' +
      'few weights change; privacy-preserving training keeps raw audio on device.';
    const ranked = rankTerms(prepareText(title, abstract), 50);
    // The title's capitals and the text's lower case are one term, shown in lower case.
    const peft = ranked.filter((t) => t.term.toLowerCase() === 'parameter-efficient fine-tuning');
    expect(peft.map((t) => t.term)).toEqual(['parameter-efficient fine-tuning']);
    expect(peft[0]!.sentences).toEqual([0, 1, 2]);
    expect(ranked.map((t) => t.term.toLowerCase())).toContain('privacy-preserving speech recognition');
    expect(ranked.map((t) => t.term.toLowerCase())).not.toContain('privacy-preserving');
  });

  it('keeps "3D" and "5G" whole (wink splits them), with their acronyms, and never makes a term of "7B" or "4K"', () => {
    const abstract =
      'We propose 3D Gaussian splatting (3DGS) for 3D reconstruction over 5G networks. A 7B model reads 4K ' +
      'tokens; 3DGS then renders the scene.';
    const ranked = rankTerms(prepareText('Fast 3D reconstruction', abstract), 50);
    const list = ranked.map((t) => t.term);
    expect(list).toContain('3D reconstruction');
    expect(list).toContain('5G networks');
    // "3DGS" in the last sentence counts for the phrase it abbreviates.
    expect(ranked.find((t) => t.term === '3D gaussian splatting')?.sentences).toEqual([1, 2]);
    expect(list).not.toContain('3DGS');
    for (const t of list) expect(t).not.toMatch(/\b(7B|4K|D|G)\b/);
  });

  it('keeps model names with versions whole ("Qwen2.5-7B", "GPT-3.5", "Llama-3.1-8B")', () => {
    const abstract = 'We fine-tune Qwen2.5-7B and Llama-3.1-8B on answers of GPT-3.5. Qwen2.5-7B gains most.';
    const ranked = rankTerms(prepareText('', abstract), 50);
    const list = ranked.map((t) => t.term);
    for (const name of ['Qwen2.5-7B', 'Llama-3.1-8B', 'GPT-3.5']) expect(list).toContain(name);
    expect(ranked.find((t) => t.term === 'Qwen2.5-7B')?.sentences).toEqual([0, 1]);
    for (const t of list) expect(t).not.toMatch(/^(qwen2|llama-3|5-7B|1-8B|fine-tune.*)$/i);
  });

  it('counts an acronym defined in the text as its expansion and shows the expansion', () => {
    const title = 'Reasoning in language models';
    const abstract =
      'Large language models (LLMs) are widely used. We evaluate LLMs on arithmetic reasoning. LLMs fail on long sums.';
    const list = terms(title, abstract);
    expect(list).toContain('large language models');
    expect(list.map((t) => t.toLowerCase())).not.toContain('llms');
    expect(list.map((t) => t.toLowerCase())).not.toContain('llm');
    // Sentences 2 and 3 only say "LLMs", yet they count for the expanded term (title = sentence 0).
    const llm = rankTerms(prepareText(title, abstract)).find((t) => t.term === 'large language models');
    expect(llm?.sentences).toEqual([1, 2, 3]);
  });

  it('counts a phrase written with a defined acronym as the phrase written out ("NN search" is "nearest neighbour search")', () => {
    const title = 'Fast nearest neighbour search in metric spaces';
    const abstract =
      'Nearest neighbour (NN) search is a basic task in pattern recognition. Our NN search algorithm needs few distance ' +
      'computations. NN search in metric spaces uses the triangle inequality. Synthetic aperture radar (SAR) imagery ' +
      'is one of the domains: SAR imagery is noisy.';
    const ranked = rankTerms(prepareText(title, abstract));
    const nn = ranked.find((t) => t.key === stemKey('nearest neighbour search'));
    // one term, counted in the title and in both sentences that write "NN search", shown as written out
    // (the definition, "Nearest neighbour (NN) search", is no phrase: the brackets split it)
    expect(nn?.term.toLowerCase()).toBe('nearest neighbour search');
    expect(nn?.sentences).toEqual([0, 2, 3]);
    expect(ranked.map((t) => t.term.toLowerCase())).not.toContain('nn search');
    // written out only inside its definition, the phrase with the acronym still counts as it
    const sar = ranked.find((t) => t.term.toLowerCase() === 'synthetic aperture radar');
    expect(sar?.sentences).toEqual([4]);
    // (with the key it has where SAR is not defined, so that papers agree)
    const imagery = ranked.find((t) => t.term === 'SAR imagery');
    expect(imagery?.key).toBe(`SAR ${stemKey('imagery')}`);
    expect(imagery?.sentences).toEqual([4]);
  });

  it('makes no term or summary of a digital library\'s placeholder for a missing abstract', () => {
    for (const placeholder of ['No contact information provided yet.', 'An abstract is not available.', 'No abstract available.']) {
      // (such records come as one text: the title, then the placeholder)
      const text = `Variable latent semantic indexing ${placeholder}\n`;
      const analysis = analysePaper(asPaper('x', '', text));
      expect(analysis.terms.map((t) => t.term.toLowerCase()), placeholder).toContain('variable latent semantic indexing');
      for (const word of ['contact', 'information', 'abstract', 'available', 'yet']) expect(termWords(analysis.terms.map((t) => t.term)), placeholder).not.toContain(word);
      expect(analysis.tldr, placeholder).toBe('Variable latent semantic indexing');
    }
    // Only the placeholder sentence goes: what follows it, and the same words in a sentence of the paper, stay.
    expect(withoutPlaceholders('Title here. No abstract available. We index text.')).toBe('Title here. \n\n We index text.');
    const own = 'The abstract is not available to reviewers, so we extract contact information from signatures.';
    expect(withoutPlaceholders(own)).toBe(own);
  });

  it('gives a phrase with an acronym the same key in papers that define the acronym and papers that do not, and keeps the acronym\'s own term on cards', () => {
    const defines = 'Generative adversarial networks (GANs) learn to sample images. We train a capsule GAN on faces. The capsule GAN is stable, and capsule GAN samples are sharp.';
    const assumes = 'We train a capsule GAN on faces. The capsule GAN is stable, and capsule GAN samples are sharp.';
    const keyOf = (abstract: string) => extractKeyTerms({ title: '', abstract }).terms.find((t) => t.term.toLowerCase() === 'capsule gan')?.key;
    expect(keyOf(defines)).toBeDefined();
    expect(keyOf(defines)).toBe(keyOf(assumes));
    // ranked, "capsule GAN" counts as "capsule generative adversarial network" in the first; keeping its
    // written key, it is no longer of a piece with "generative adversarial networks", and a card shows both
    const card = distinctTerms(extractKeyTerms({ title: '', abstract: defines }).terms, 10).map((t) => t.term.toLowerCase());
    expect(card).toContain('capsule gan');
    expect(card).toContain('generative adversarial networks');
  });

  it('reads a 2 in an acronym as "to": "peer-to-peer (P2P)" defines P2P, "high-resolution (HR)" defines nothing', () => {
    const abstract =
      'We study peer-to-peer (P2P) networks for file sharing. P2P networks lose peers under churn. We keep P2P networks ' +
      'connected. High-resolution (HR) images of the networks are rendered, and HR images are large.';
    const ranked = rankTerms(prepareText('', abstract));
    const p2p = ranked.find((t) => t.term === 'peer-to-peer');
    expect(p2p?.sentences).toEqual([0, 1, 2]);
    // "P2P networks" is shown as written, with the key papers that do not define P2P give it
    expect(ranked.find((t) => t.term === 'P2P networks')?.key).toBe(`P2P ${stemKey('networks')}`);
    // a lone hyphenated modifier is no expansion: "HR" stays apart from "high-resolution"
    expect(ranked.find((t) => t.term === 'HR')?.key).toBe('HR');
    expect(ranked.find((t) => t.term === 'HR images')?.key).toBe(`HR ${stemKey('images')}`);
  });

  it('reads a stop word written in capitals among words that are not as an acronym ("IT", "US"), and not in a heading', () => {
    const list = terms('', 'The IT curriculum prepares IT professionals. We survey IT education in US universities. It is used by it.');
    expect(list).toEqual(expect.arrayContaining(['IT curriculum', 'IT professionals', 'IT education', 'US universities']));
    expect(list).not.toContain('it');
    const heading = terms('', 'THE IT MODEL CURRICULUM\nIt is used by it.');
    expect(heading.some((t) => /\bIT\b/i.test(t))).toBe(false);
  });

  it('keeps a standard\'s dotted number and its amendment letters whole: "IEEE 802.11b"', () => {
    const list = terms('', 'IEEE 802.11b networks interfere with Bluetooth. The IEEE 802.11b standard is old.');
    expect(list).toContain('IEEE 802.11b networks');
    expect(list).toContain('IEEE 802.11b');
    expect(termWords(list)).not.toContain('b');
  });

  it('keeps "H.264", "trade-off" and "named entity recognition (NER)", which wink splits or tags as a verb', () => {
    const codecs = terms('', 'We encode video with H.264 and H.265 codecs. H.264 streams are common.');
    expect(codecs).toEqual(expect.arrayContaining(['H.264', 'H.264 streams', 'H.265 codecs']));
    expect(codecs.map((t) => t.toLowerCase())).not.toContain('h.');
    expect(terms('', 'The trade-off between fan-out and latency matters. We study this trade-off with a plug-in.')).toEqual(
      expect.arrayContaining(['trade-off', 'fan-out', 'plug-in']),
    );
    const ner = rankTerms(prepareText('', 'We study named entity recognition (NER) for clinical notes. NER is hard. A model named BERT helps.'));
    expect(ner.find((t) => t.term === 'named entity recognition')?.sentences).toEqual([0, 1]);
    // "named" as "called" stays out
    expect(ner.some((t) => t.term.includes('named BERT'))).toBe(false);
  });

  it('keeps the particle of a family name in the term: "de Bruijn graphs", "van der Waals forces"', () => {
    const list = terms('', 'Routing in de Bruijn graphs is simple. A de Bruijn graph has van der Waals forces. We read de novo.');
    expect(list).toEqual(expect.arrayContaining(['de bruijn graph', 'van der waals forces']));
    expect(list).not.toContain('de');
  });

  it('reads an -ing word that opens a title as a verb when the text uses it as one ("Mitigating hallucinations"), not "Scaling laws"', () => {
    const verb = terms('Mitigating Hallucinations in Vision-Language Models', 'Hallucinations plague vision-language models. We mitigate hallucinations by contrastive decoding.');
    expect(verb).toContain('hallucinations');
    expect(verb.some((t) => t.toLowerCase().startsWith('mitigating'))).toBe(false);
    const noun = terms('Scaling Laws for Neural Language Models', 'We study scaling laws of language models. We scale models to billions of parameters.');
    expect(noun).toContain('scaling laws');
    // a hyphenated one names a stage
    expect(terms('Post-Training Quantization for Transformers', 'We quantize transformers after post-training. Quantization is cheap.')).toContain('post-training quantization');
  });

  it('runs a phrase through an -ing word that wink tags as a verb inside a noun phrase, and not through "by routing packets"', () => {
    const abstract =
      'We solve the capacitated vehicle routing problem (CVRP) with learned heuristics. CVRP instances come from ' +
      'logistics. The routing protocol adapts to traffic, and a secure routing protocol guards the fleet by routing packets twice.';
    const ranked = rankTerms(prepareText('', abstract), 40);
    // the phrase runs on to its noun, so the acronym has its expansion
    expect(ranked.find((t) => t.key === stemKey('capacitated vehicle routing problem'))?.sentences).toEqual([0, 1]);
    const list = ranked.map((t) => t.term);
    expect(list).toEqual(expect.arrayContaining(['routing protocol', 'secure routing protocol', 'vehicle routing problem']));
    // a verb with its object ("by routing packets") is no term
    expect(list.filter((t) => t.includes('packets'))).toEqual(['packets']);
  });

  it('keeps hyphenated compounds whole and never returns "state-of-the-art" as a term', () => {
    const abstract =
      'We propose a state-of-the-art GPU-based training pipeline. State-of-the-art results are reported. ' +
      'The state-of-the-art is beaten by our sequence-to-sequence model and its CPU-friendly variant.';
    const list = terms('', abstract);
    expect(list).toContain('GPU-based training pipeline');
    expect(list).toContain('sequence-to-sequence model');
    expect(list.map((t) => t.toLowerCase())).not.toContain('state-of-the-art');
    const words = termWords(list);
    for (const fragment of ['state', 'art', 'gpu', 'based', 'sequence', 'state-of-the-art']) expect(words).not.toContain(fragment);
    expect(list.some((t) => t.toLowerCase().startsWith('state-of-the-art'))).toBe(false);
  });

  it('does not merge "GaN" (gallium nitride) with "GAN", but merges "GANs" with "GAN"', () => {
    const title = 'GaN and GAN';
    const abstract = 'We grow GaN on silicon. We train a GAN on images. GaN has a wide band gap. Two GANs were compared.';
    const ranked = rankTerms(prepareText(title, abstract));
    const gallium = ranked.find((t) => t.term === 'GaN');
    const gan = ranked.find((t) => t.term === 'GAN');
    expect(gallium?.sentences).toEqual([0, 1, 3]);
    expect(gan?.sentences).toEqual([0, 2, 4]);
    expect(gallium?.key).not.toBe(gan?.key);
    expect(ranked.map((t) => t.term)).not.toContain('GANs');
  });
});

describe('extractKeyTerms: LaTeX and formulas', () => {
  const latexAbstract =
    'We give an $O(n \\log n)$ algorithm with step size $\\alpha$ and \\emph{adaptive merging}, improving on ' +
    '\\textbf{quadratic baselines} \\cite{knuth1998}. We minimise $E = mc^2$ subject to $x_i \\in \\mathbb{R}^d$ ' +
    'and $\\sum_{i=1}^n w_i = 1$; the loss $\\mathcal{L}_{\\text{cls}}$ uses the gradient $\\nabla f(x)$. ' +
    'Let $$\\|x\\|_2 \\leq \\epsilon$$ hold for robust classifiers, with \\(a+b\\) inline math and 50\\% sparsity.';

  it('never leaks backslashes, dollar signs, braces or LaTeX command names into terms', () => {
    const list = terms('Fast sorting with \\emph{adaptive} merges', latexAbstract);
    expect(list.length).toBeGreaterThan(0);
    for (const t of list) expect(t).not.toMatch(/[\\$^_{}=]/);
    const words = termWords(list);
    for (const command of ['emph', 'textbf', 'cite', 'mathbb', 'mathcal', 'text', 'nabla', 'sum', 'leq', 'knuth1998']) {
      expect(words).not.toContain(command);
    }
    expectWordsFromText(list, 'Fast sorting with \\emph{adaptive} merges', latexAbstract);
  });

  it('keeps the words that LaTeX markup wraps', () => {
    const list = terms('', latexAbstract);
    expect(list).toContain('adaptive merging');
    expect(list).toContain('robust classifiers');
  });
});

/** A full paper's lines: the opening lines, then the body's sentences in turn, to 1,500 words. */
function fullPaper(opening: string[], body: string[]): string[] {
  const lines = [...opening];
  for (let i = 0; lines.join(' ').split(' ').length < 1500; i++) lines.push(body[i % body.length]!);
  return lines;
}

describe('extractKeyTerms: text size and script', () => {
  it('works on a title alone with an empty abstract', () => {
    expect(distinctTerms(extractKeyTerms({ title: 'Generative Adversarial Networks', abstract: '' }).terms, 15).map((t) => t.term)).toEqual(['generative adversarial networks']);
    expect(terms('Attention Is All You Need', '')).toEqual(['attention']);
  });

  it('works on a very long text (30 KB): at most `limit` distinct terms, best first', () => {
    const paragraphs = [
      GAN_ABSTRACT,
      'Graph neural networks learn node embeddings from molecular graphs with attention pooling.',
      'Reinforcement learning agents explore sparse reward environments with intrinsic motivation.',
      'Federated learning trains a shared model across edge devices without centralising private data.',
      'Quantum error correction protects logical qubits against decoherence in superconducting circuits.',
      'Diffusion models denoise Gaussian noise step by step to generate high fidelity images.',
    ];
    let text = '';
    for (let i = 0; text.length < 30_000; i++) text += `${paragraphs[i % paragraphs.length]} `;
    expect(text.length).toBeGreaterThanOrEqual(30_000);
    const started = performance.now();
    const out = extractKeyTerms({ title: 'A long text', abstract: text }).terms;
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(out.length).toBe(20);
    expect(new Set(out.map((t) => t.term)).size).toBe(out.length);
    for (let i = 1; i < out.length; i++) expect(out[i]!.score).toBeLessThanOrEqual(out[i - 1]!.score);
    expect(extractKeyTerms({ title: '', abstract: text }, 5).terms).toHaveLength(5);
    expectWordsFromText(out.map((t) => t.term), 'A long text', text);
  });

  it('in a full paper, prefers the recurring phrase to its recurring head word', () => {
    // A full paper (over 1,000 words) about Ramsey graphs: "graphs" occurs more often than
    // "ramsey graphs", alone and inside it, and must not outrank it.
    const sentences = [
      'We construct explicit Ramsey graphs from independent sources.',
      'Bipartite graphs with no large monochromatic sub-matrix are Ramsey graphs.',
      'The graphs we build improve the bound for Ramsey graphs of Frankl and Wilson.',
      'Our disperser for independent sources yields the graphs directly.',
      'Dense graphs and sparse graphs behave differently under the construction.',
    ];
    let text = '';
    for (let i = 0; text.split(' ').length < 1500; i++) text += `${sentences[i % sentences.length]} `;
    const list = terms('', text, 8).map((t) => t.toLowerCase());
    expect(list[0]).toBe('ramsey graphs');
    // Its parts, and the head word every phrase shares, are not key terms of this paper.
    expect(list).not.toContain('ramsey');
    expect(list).not.toContain('graphs');
  });

  it('in a full paper, weighs terms that a section heading names above equally frequent ones', () => {
    // "spectral clustering" comes first and as often as "graph partitioning"; only a heading names the
    // latter. The same text with its lines run together has no headings, and the order is the other way.
    const body = [
      'Spectral clustering of sparse matrices is studied here, and graph partitioning is studied too.',
      'We compare spectral clustering with graph partitioning on meshes.',
      'Both spectral clustering and graph partitioning need eigenvectors of the Laplacian.',
    ];
    const lines = ['Balanced cuts of sparse matrices', 'ABSTRACT'];
    for (let section = 1; lines.join(' ').split(' ').length < 1500; section++) {
      lines.push(section === 2 ? '2 Graph Partitioning' : `${section} Results on meshes`);
      for (let i = 0; i < 6; i++) lines.push(body[i % body.length]!);
    }
    const withHeadings = lines.join('\n');
    expect(prepareText('', withHeadings).headings).toContain('2 Graph Partitioning');
    const ranked = (text: string) => rankTerms(prepareText('', text), 10).map((t) => t.term);
    const a = ranked(withHeadings);
    expect(a.indexOf('graph partitioning')).toBeLessThan(a.indexOf('spectral clustering'));
    const b = ranked(withHeadings.replaceAll('\n', ' '));
    expect(b.indexOf('spectral clustering')).toBeLessThan(b.indexOf('graph partitioning'));
    expect(b.indexOf('graph partitioning')).toBeGreaterThanOrEqual(0);
  });

  it('in a full paper, leaves out a part that lies almost only inside one longer term, not a head of many', () => {
    // "time warping" is always "dynamic time warping": a fragment of that term. "trajectories" lies
    // inside several different phrases ("trajectory similarity", "vehicle trajectories", ...): it heads
    // a family of terms and stays.
    const body = [
      'Dynamic time warping aligns trajectories of moving objects.',
      'We compare dynamic time warping with the edit distance on vehicle trajectories.',
      'Trajectory similarity is costly, and dynamic time warping is slow on long trajectories.',
      'Pedestrian trajectories and trajectory clustering also use dynamic time warping.',
      'An index prunes trajectories before dynamic time warping is computed.',
    ];
    const lines = fullPaper(['Indexing trajectories for similarity search', 'ABSTRACT'], body);
    const list = rankTerms(prepareText('', lines.join('\n')), 30).map((t) => t.term);
    expect(list).toContain('dynamic time warping');
    expect(list).toContain('trajectories');
    expect(list).not.toContain('time warping');
  });

  it('in a full paper, weighs a single word whose case carries meaning (an acronym) as a phrase, not as a common word', () => {
    // "TLAESA" names one algorithm, as "metric spaces" names one thing; "search" recurs everywhere.
    const body = [
      'TLAESA prunes the search with a table of distances.',
      'Nearest neighbour search in metric spaces is costly.',
      'We compare TLAESA with AESA on strings, and nearest neighbour search gets faster.',
      'The search tree of TLAESA has pivots, and metric spaces need no coordinates.',
    ];
    const lines = fullPaper(['Fast search in metric spaces', 'ABSTRACT'], body);
    const list = rankTerms(prepareText('', lines.join('\n')), 10).map((t) => t.term);
    expect(list.indexOf('TLAESA')).toBeGreaterThanOrEqual(0);
    expect(list.indexOf('TLAESA')).toBeLessThan(list.indexOf('metric spaces'));
    expect(list.indexOf('search')).toBeGreaterThan(list.indexOf('search tree'));
  });

  it('in a full paper, gives no weight to the headings of the parts every paper has ("ABSTRACT", "2. Related Work")', () => {
    for (const heading of ['ABSTRACT', '1. INTRODUCTION', '2. Related Work', 'IV. CONCLUSIONS', '5 Conclusions and Future Work', 'REFERENCES', 'General Terms']) {
      expect(namesSubject(heading), heading).toBe(false);
    }
    for (const heading of ['3.2 Measuring Entropy', 'THE SUBSOURCE SOMEWHERE EXTRACTOR', '4 Related Work on Sparse Recovery']) {
      expect(namesSubject(heading), heading).toBe(true);
    }
  });

  it('in a full paper, never runs a phrase into a standard-part heading or an index label, nor makes one a term', () => {
    // The title line runs into "Abstract" and "INTRODUCTION" into the section's first words, unless
    // those lines are read as the headings they are; an acronym then counts for the run-on phrase.
    const opening = ['Fast Nearest Neighbour Search', 'Abstract', 'Nearest neighbour (NN) search is common.', 'Keywords: metric spaces', '1. INTRODUCTION', 'Perceptual user interfaces (PUIs) need NN search.'];
    const lines = fullPaper(opening, ['PUIs answer queries by NN search in metric spaces.', 'NN search in metric spaces prunes distance computations for PUIs.']);
    const list = rankTerms(prepareText('', lines.join('\n')), 30).map((t) => t.term.toLowerCase());
    expect(list).toContain('perceptual user interfaces');
    // ("NN search" counts as the phrase written out; "nearest neighbour" alone lies only inside it)
    expect(list).toContain('nearest neighbour search');
    expect(list.filter((t) => /\b(?:abstract|introduction|keywords)\b/.test(t))).toEqual([]);
  });

  it('reads HTML character references as the characters they stand for, never as words', () => {
    const text = 'Entropy rate &lt; 1/2 and rate &gt; 1/2 for two independent sources &amp; a disperser; the &quot;classical&quot; extractor &#x3b1; &#946;.';
    expect(prepareText('', text).abstract).toBe('Entropy rate < 1/2 and rate > 1/2 for two independent sources & a disperser; the "classical" extractor α β.');
    for (const w of ['lt', 'gt', 'amp', 'quot']) expect(termWords(terms('', text))).not.toContain(w);
    expect(prepareText('', 'AT&T; &bogus; &#0; &#xD800;').abstract).toBe('AT&T; &bogus; &#0; &#xD800;');
  });

  it('handles accented Latin and Chinese text without crashing or cutting words', () => {
    const title = 'Réseaux de neurones für Übersetzung 机器翻译';
    const abstract = 'Nous étudions la traduction automatique neuronale. Über die Größe von Modellen. 我们提出了一种新的机器翻译方法。 Ça marche très bien.';
    const list = terms(title, abstract);
    expect(list.length).toBeGreaterThan(0);
    expectWordsFromText(list, title, abstract);
    // accented words survive whole: no term word is a fragment like "r" or "seaux"
    for (const w of termWords(list)) expect(w.length).toBeGreaterThan(1);
    expect(list.join(' ')).toMatch(/[éüöäç]/);
  });
});

describe('extractKeyTerms: generic phrases', () => {
  it('ranks what abstracts say but titles never name ("experimental results", "wide range") below a topic', () => {
    const worthiness = (phrase: string) => background().term(stemKey(phrase))?.worthiness;
    expect(worthiness('experimental results')).toBeLessThan(0.1);
    expect(worthiness('wide range')).toBeLessThan(0.1);
    expect(worthiness('lack')).toBeLessThan(0.1);
    expect(worthiness('large language models')).toBe(1);
    expect(worthiness('never seen in any abstract')).toBeUndefined();
    // Same count, same length, the generic phrase first: the topic still ranks above it.
    const abstract =
      'Experimental results on a wide range of graphs favour spectral sparsifiers. Experimental results show ' +
      'that spectral sparsifiers keep the commute time on a wide range of inputs.';
    const list = terms('', abstract, 30).map((t) => t.toLowerCase());
    expect(list.indexOf('spectral sparsifiers')).toBeGreaterThanOrEqual(0);
    expect(list.indexOf('spectral sparsifiers')).toBeLessThan(list.indexOf('experimental results') >>> 0);
    expect(list.indexOf('spectral sparsifiers')).toBeLessThan(list.indexOf('wide range') >>> 0);
  });

  it('does not return a part that arXiv authors almost only write inside a longer term ("large language")', () => {
    const wholeness = (phrase: string) => background().term(stemKey(phrase))?.wholeness;
    expect(wholeness('large language')).toBeLessThan(0.05);
    expect(wholeness('vision language')).toBeLessThan(0.05);
    expect(wholeness('large language models')).toBe(1);
    const list = terms(
      'Alignment of Large Language Models with Vision-Language Feedback',
      'Large language models (LLMs) and vision-language models (VLMs) are widely deployed. We align large language models ' +
        'with feedback from vision-language models, and show that the aligned large language models follow instructions better. ' +
        'Convolutional neural networks serve as the reward model.',
      10,
    );
    expect(list).toEqual(expect.arrayContaining(['large language models', 'vision-language models']));
    expect(list).not.toContain('large language');
    expect(list).not.toContain('vision-language');
  });
});

describe('extractKeyTerms: determinism', () => {
  it('gives identical output for the same input, whatever ran in between', () => {
    const input = { title: 'Spectral normalisation for GANs', abstract: GAN_ABSTRACT };
    const first = JSON.stringify(extractKeyTerms(input));
    extractKeyTerms({ title: 'Other', abstract: 'Diffusion models denoise Gaussian noise to generate images.' });
    const second = JSON.stringify(extractKeyTerms(input));
    expect(second).toBe(first);
    expect(JSON.parse(first).terms.length).toBeGreaterThan(3);
  });

  it('ranks the same whatever the limit: the best k are the first k of the full ranking', () => {
    // The extractor skips the costly background lookup for terms that cannot make the top k; that must
    // never change which terms are in it. Real abstracts (the sample feed) and a long text.
    const papers = parseAtomFeed(SampleSource.loadFeed()).papers;
    const long = Array.from({ length: 40 }, (_, i) => `${GAN_ABSTRACT} Section ${i} studies spectral norms of layer ${i}.`).join(' ');
    const texts = [...papers.map((p) => prepareText(p.title, p.abstract)), prepareText('Spectral normalisation', long)];
    for (const text of texts) {
      const all = rankTerms(text, 10_000);
      expect(all.length).toBeGreaterThan(5);
      for (const k of [1, 3, 5, 10, 30]) expect(rankTerms(text, k)).toEqual(all.slice(0, k));
    }
  });

  it('returns scores in descending order', () => {
    const out = extractKeyTerms({ title: 'Spectral normalisation for GANs', abstract: GAN_ABSTRACT }).terms;
    for (let i = 1; i < out.length; i++) expect(out[i]!.score).toBeLessThanOrEqual(out[i - 1]!.score);
  });
});

describe('extractKeyTerms: words that are also JavaScript object keys', () => {
  it('handles "constructor", "__proto__" and "toString" like any other word', () => {
    // graphology keeps adjacency in plain objects; keyed by such words, its edge look-ups broke (8 of
    // 40,717 corpus papers failed before the word graph was numbered).
    const list = terms('Constructor theory of graphs', 'We study the constructor of a graph and the toString method of the constructor. The __proto__ hasOwnProperty valueOf constructor graph is new.');
    expect(list).toContain('constructor theory');
    expect(list.some((t) => t.includes('toString'))).toBe(true);
  });
});
