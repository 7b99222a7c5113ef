import { InvariantError } from '../errors.js';
import { acronymDefinitions, acronymKey, contentStems, longFormFits, looksLikeAcronym } from './acronyms.js';
import { plainText } from './plain-text.js';
import { phraseFilter } from './prefilter.js';
import { compileSkill, countMentions, skillProblem, type CompiledSkill } from './skill-regex.js';
import { skillTermTest } from './skill-terms.js';
import type { Skill, Taxonomy } from './taxonomy.js';

export type SkillMatcher = {
  /** The enabled skills, in taxonomy order. */
  skills: Skill[];
  /** Skill id -> number of mentions in the text (only skills mentioned at least once). */
  match(text: string): Map<string, number>;
  /** True when a key phrase (e.g. an extracted term like "large language models") names a taxonomy skill, so the demand report can leave it out of "emerging terms". */
  isSkillTerm(term: string): boolean;
};

/** True when some phrase or pattern of the skill occurs in `text`. */
function mentions(skill: CompiledSkill, text: string): boolean {
  return [skill.allPhrases, ...skill.patterns].some((re) => {
    if (re === null) return false;
    re.lastIndex = 0;
    return re.test(text);
  });
}

/** The stems of the content words of a skill's name and phrases, which an acronym's long form should use. */
function vocabulary(skill: Skill, compiled: CompiledSkill): Set<string> {
  return new Set([skill.name, ...compiled.phrases.map((p) => p.text)].flatMap(contentStems));
}

/**
 * Compiles every enabled skill once; matching then looks up the text's words to find the few phrases that
 * can occur and runs only their regexes (and the skills' patterns). A skill acronym that the text defines
 * as something else ("Test-Time Scaling (TTS)") is not counted in that text. Throws InvariantError for a
 * skill `loadTaxonomy` would have rejected (an invalid pattern, a one-letter phrase).
 */
export function compileTaxonomy(taxonomy: Taxonomy): SkillMatcher {
  const skills = taxonomy.skills.filter((s) => s.disabled !== true);
  const compiled = skills.map((skill) => {
    const problem = skillProblem(skill);
    if (problem) throw new InvariantError(`taxonomy: ${problem}`);
    return compileSkill(skill);
  });
  const phrasesIn = phraseFilter(compiled);
  const vocabularies = compiled.map((c, i) => vocabulary(skills[i]!, c));
  const acronyms = new Map<string, { skill: number; phrase: number }[]>();
  compiled.forEach((skill, s) =>
    skill.phrases.forEach(({ text }, p) => {
      if (looksLikeAcronym(text)) acronyms.set(acronymKey(text), [...(acronyms.get(acronymKey(text)) ?? []), { skill: s, phrase: p }]);
    }),
  );

  return {
    skills,
    match(text) {
      const plain = plainText(text);
      const found = phrasesIn(plain);
      for (const [key, long] of acronymDefinitions(plain, (k) => acronyms.has(k))) {
        for (const { skill, phrase } of acronyms.get(key)!) {
          const phrases = found.get(skill);
          if (!phrases?.includes(phrase) || longFormFits(long, vocabularies[skill]!) || mentions(compiled[skill]!, long)) continue;
          found.set(skill, phrases.filter((p) => p !== phrase));
        }
      }
      const counts = new Map<string, number>();
      compiled.forEach((skill, i) => {
        const phrases = found.get(i);
        if (!phrases?.length && skill.patterns.length === 0) return;
        const n = countMentions([...(phrases ?? []).map((p) => skill.phrases[p]!.regex), ...skill.patterns], plain);
        if (n > 0) counts.set(skill.id, n);
      });
      return counts;
    },
    isSkillTerm: skillTermTest(compiled),
  };
}
