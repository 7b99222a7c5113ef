import { stemKey } from '../nlp/words.js';
import type { CompiledSkill } from './skill-regex.js';

/** Phrases compared by stems; "C++" and ".NET" would stem to "c" and "net". */
const PLAIN_PHRASE = /^[\p{L}\p{N}\s-]+$/u;

/** True when `re` (global) matches the whole of `text`. */
function matchesWhole(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > 0) return false;
    if (m[0].length === text.length) return true;
    if (m[0].length === 0) re.lastIndex++;
  }
  return false;
}

/**
 * A test for key phrases that name a skill: a term whose stem key is that of an alias or exact phrase
 * ("Large Language Models", or the key "larg languag model"), or that one skill's regexes match from end to
 * end ("C++", "PySpark"; not "R package", where only "R" would match). Skill names are not used: "Ray" or
 * "Go" name skills only in context, and the term "rays" is about rendering.
 */
export function skillTermTest(compiled: CompiledSkill[]): (term: string) => boolean {
  const keys = new Set<string>();
  for (const skill of compiled) {
    for (const { text } of skill.phrases) if (PLAIN_PHRASE.test(text)) keys.add(stemKey(text));
  }
  keys.delete('');
  return (term) => {
    const trimmed = term.trim();
    if (trimmed === '') return false;
    if (keys.has(stemKey(trimmed)) || keys.has(trimmed)) return true;
    return compiled.some((skill) => [skill.allPhrases, ...skill.patterns].some((re) => re !== null && matchesWhole(re, trimmed)));
  };
}
