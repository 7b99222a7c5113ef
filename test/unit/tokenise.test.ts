import { describe, expect, it } from 'vitest';
import { analysePaper } from '../../agents/analyst/analyse-paper.js';
import { asPaper } from '../../src/eval/evaluate.js';
import { parseText, parseTitled } from '../../src/nlp/document.js';

const words = (text: string) => parseText(text).tokens.map((t) => `${t.text}/${t.pos}`);

describe('tokenising', () => {
  it('does not depend on what was read before', () => {
    // wink-nlp learns the words it does not know and then keeps them whole: after reading
    // "teachers' and teacher's." or "the teacher's/student's view", "teacher's" was one token
    const probe = "We distil the teacher's knowledge into the student's network.";
    const fresh = words(probe);
    expect(fresh).toContain("'s/PART");
    for (const text of ["teachers' and teacher's.", "the teacher's/student's view", "the teacher's-view and the student's-view"]) parseText(text);
    expect(words(probe)).toEqual(fresh);
  });

  it('gives a paper the same analysis before and after other papers', () => {
    const paper = asPaper('x', "Learning from a critic's feedback", "We train the actor with the critic's value estimates. The critic's errors bound the actor's regret.");
    const before = JSON.stringify(analysePaper(paper));
    analysePaper(asPaper('y', '', "critics' and critic's. The critic's/actor's view."));
    expect(JSON.stringify(analysePaper(paper))).toBe(before);
  });

  it('reads a title and a text together as it reads each alone', () => {
    const text = 'We fine-tune Qwen2.5-7B on proofs. It solves 40% of them (see Sec. 3).';
    // titles with and without a closing stop, with a sentence inside, with a version number
    for (const title of ['Proof Search with Language Models', 'Can Models Prove Theorems?', 'Proofs. A Study.', 'Qwen2.5 Proves: Lemmas', 'x']) {
      const both = parseTitled(title, text);
      expect(both, title).not.toBeNull();
      expect(both!.title.tokens, title).toEqual(parseText(title, 0, true).tokens);
      expect(both!.text, title).toEqual(parseText(text, 1));
    }
  });

  it('keeps a sentence whole where wink ends it at an abbreviation, a URL or a model name, and nowhere else', () => {
    const sentences = (text: string) => parseText(text).sentences.map((s) => s.text);
    // wink ended these after "al.", "Fig.", "github." and "i.", "FLUX."
    const whole = [
      'As Smith et al. (2020) show in Fig. 3, the loss falls.',
      'Our code is at github.com/acme/tool and runs on CPUs.',
      'We test membership-i.e., a lookup-on four sets.',
      'We compare Qwen-Image, FLUX.1-dev and Stable-Diffusion.',
    ];
    expect(sentences(whole.join(' '))).toEqual(whole);
    // Real sentence ends stay: a capitalised next sentence, even without a space after the stop.
    expect(sentences('The results improve.Then we stop. Models follow Smith et al. They work.')).toEqual([
      'The results improve.',
      'Then we stop.',
      'Models follow Smith et al.',
      'They work.',
    ]);
    // A title never runs into the text, and tokens keep their sentence numbers in order.
    const both = parseTitled('A study of Fig.', '3 shows it. We go on.')!;
    expect(both.title.sentences).toHaveLength(1);
    expect(both.text.sentences.map((s) => s.text)).toEqual(['3 shows it.', 'We go on.']);
    const parsed = parseText(whole.join(' '));
    expect(parsed.tokens.map((t) => t.sentence)).toEqual(parsed.tokens.map((_, i) => parsed.sentences.findIndex((s) => s.first <= i && i <= s.last)));
  });
});
