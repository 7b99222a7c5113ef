import { describe, expect, it } from 'vitest';
import { analysePaper } from '../../agents/analyst/analyse-paper.js';
import { asPaper } from '../../src/eval/evaluate.js';
import { parseText } from '../../src/nlp/document.js';

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
});
