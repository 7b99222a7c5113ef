import { randomBytes } from 'node:crypto';

/**
 * A prompt template: a system and a user message with `{{name}}` slots. `version` is part of the
 * analyser version, so changing a prompt re-analyses papers instead of mixing outputs.
 */
export type PromptTemplate = { name: string; version: number; system: string; user: string };

/**
 * Untrusted text for a slot (a title, an abstract, a question, an earlier model reply): rendered
 * between markers that carry a fresh random tag, which the text cannot contain or close.
 */
export type Data = { data: string; maxChars?: number };

/** A slot's value: trusted text written by this program, a number, or untrusted data. */
export type SlotValue = string | number | Data;

/** Every render gets `{{tag}}`, the random marker tag, for the system prompt to name. */
const RESERVED = 'tag';
const SLOT = /\{\{([a-zA-Z][a-zA-Z0-9_]*)\}\}/g;
/** Characters that hide text or reorder it on screen: zero-width, bidirectional controls, BOM. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** Control characters other than tab and newline. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const DEFAULT_MAX_CHARS = 12_000;

export class PromptError extends Error {}

/** Text without characters that hide or reorder it (zero-width, bidirectional controls, BOM). */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

function slotsOf(template: PromptTemplate): Set<string> {
  return new Set([...`${template.system}\n${template.user}`.matchAll(SLOT)].map((m) => m[1]!));
}

/**
 * Checks a template against the values given: every slot has a value and every value has a slot.
 * Throws PromptError naming the template and the slot.
 */
export function checkSlots(template: PromptTemplate, values: Record<string, SlotValue>): void {
  const slots = slotsOf(template);
  for (const slot of slots) {
    if (slot !== RESERVED && !(slot in values)) throw new PromptError(`prompt ${template.name}: no value for {{${slot}}}`);
  }
  for (const key of Object.keys(values)) {
    if (key === RESERVED) throw new PromptError(`prompt ${template.name}: {{${RESERVED}}} is reserved for the data marker`);
    if (!slots.has(key)) throw new PromptError(`prompt ${template.name}: value "${key}" has no slot`);
  }
}

/**
 * Untrusted text made inert for a prompt: Unicode normalised, invisible and control characters
 * removed, any marker-like sequence broken, and cut to `maxChars` (whole words, "[…]" appended).
 */
export function sanitiseData(text: string, maxChars = DEFAULT_MAX_CHARS): string {
  let clean = text.normalize('NFKC').replace(INVISIBLE, '').replace(CONTROL, ' ');
  // The markers are <<<…>>>: no run of three angle brackets survives in data.
  clean = clean.replace(/<{3,}/g, (m) => '‹'.repeat(m.length)).replace(/>{3,}/g, (m) => '›'.repeat(m.length));
  if (clean.length > maxChars) {
    const cut = clean.slice(0, maxChars);
    const space = cut.lastIndexOf(' ');
    clean = `${space > maxChars * 0.8 ? cut.slice(0, space) : cut} […]`;
  }
  return clean;
}

/** A rendered prompt: the two messages, and the tag used for data markers. */
export type RenderedPrompt = { system: string; user: string; tag: string };

/**
 * Renders a template: trusted values as they are, data between `<<<DATA-tag name="slot">>>` and
 * `<<<END-tag>>>` markers with a fresh random tag, `{{tag}}` as that tag.
 */
export function renderPrompt(template: PromptTemplate, values: Record<string, SlotValue>, tag = randomBytes(6).toString('hex')): RenderedPrompt {
  checkSlots(template, values);
  const fill = (text: string) =>
    text.replace(SLOT, (_, slot: string) => {
      if (slot === RESERVED) return tag;
      const value = values[slot]!;
      if (typeof value === 'object') return `<<<DATA-${tag} name="${slot}">>>\n${sanitiseData(value.data, value.maxChars)}\n<<<END-${tag}>>>`;
      return String(value);
    });
  return { system: fill(template.system), user: fill(template.user), tag };
}
