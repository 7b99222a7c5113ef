import fs from 'node:fs';
import { z } from 'zod';
import { InvariantError, UsageError } from '../errors.js';
import { skillProblem } from './skill-regex.js';

/** One skill or technology and the phrases that name it in an abstract. */
export const SkillSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).describe('stable id, e.g. "pytorch", "cpp", "rag"'),
  name: z.string().min(1).describe('display name, e.g. "PyTorch", "C++", "Retrieval / RAG"'),
  category: z.string().min(1).describe('e.g. "language", "framework", "hardware", "hpc", "method"'),
  aliases: z.array(z.string().min(1)).default([]).describe('literal phrases, matched case-insensitively at word boundaries'),
  exact: z.array(z.string().min(1)).default([]).describe('literal phrases matched case-sensitively (acronyms: "JAX", "RAG")'),
  patterns: z.array(z.string()).default([]).describe('regular expressions (source, flag u) for hard cases such as the R language'),
  disabled: z.boolean().optional().describe('in a user file: removes the default skill with this id'),
});
export type Skill = z.infer<typeof SkillSchema>;

export const TaxonomySchema = z.object({ version: z.number().int(), skills: z.array(SkillSchema) });
export type Taxonomy = z.infer<typeof TaxonomySchema>;

/** A user file may switch a default skill off with just its id: `{ "id": "go", "disabled": true }`. */
const DisabledEntrySchema = z.object({ id: SkillSchema.shape.id, disabled: z.literal(true) }).loose();
const UserFileSchema = z.object({ version: z.number().int(), skills: z.array(z.unknown()) });

const DEFAULT_FILE = new URL('./taxonomy.json', import.meta.url);
let defaults: Taxonomy | undefined;

/** The first zod issue as `path: message`, with `prefix` before the path. */
function firstIssue(error: z.ZodError, prefix: (string | number)[] = []): string {
  const issue = error.issues[0];
  const where = [...prefix, ...(issue?.path ?? [])].map(String).join('.');
  return `${where || '(top level)'}: ${issue?.message ?? 'invalid'}`;
}

/** The bundled taxonomy, read and checked once; a broken bundled file is a bug, not bad input. */
function defaultTaxonomy(): Taxonomy {
  if (!defaults) {
    const parsed = TaxonomySchema.safeParse(JSON.parse(fs.readFileSync(DEFAULT_FILE, 'utf8')));
    if (!parsed.success) throw new InvariantError(`default taxonomy: ${firstIssue(parsed.error)}`);
    for (const skill of parsed.data.skills) {
      const problem = skillProblem(skill);
      if (problem) throw new InvariantError(`default taxonomy: ${problem}`);
    }
    defaults = parsed.data;
  }
  return structuredClone(defaults);
}

/** Reads and validates a user taxonomy file; every problem is one UsageError line naming the file. */
function readUserFile(file: string): { version: number; entries: (Skill | { id: string; disabled: true })[] } {
  const fail = (problem: string): never => {
    throw new UsageError(`taxonomy file ${file}: ${problem}`);
  };
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    fail((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot read it (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const top = UserFileSchema.safeParse(json);
  if (!top.success) return fail(firstIssue(top.error));
  const seen = new Set<string>();
  const entries = top.data.skills.map((raw, i) => {
    const isDisabled = typeof raw === 'object' && raw !== null && (raw as { disabled?: unknown }).disabled === true;
    const parsed = isDisabled ? DisabledEntrySchema.safeParse(raw) : SkillSchema.safeParse(raw);
    if (!parsed.success) return fail(firstIssue(parsed.error, ['skills', i]));
    const entry = parsed.data;
    if (seen.has(entry.id)) fail(`skills.${i}: skill id "${entry.id}" appears twice`);
    seen.add(entry.id);
    const problem = isDisabled ? null : skillProblem(entry as Skill);
    if (problem) fail(`skills.${i}: ${problem}`);
    return isDisabled ? { id: entry.id, disabled: true as const } : (entry as Skill);
  });
  return { version: top.data.version, entries };
}

/**
 * The default taxonomy (src/skills/taxonomy.json, loaded at run time, not at import time), merged with a
 * user file when given: entries with the same id replace the default entry, new ids are added,
 * `disabled: true` removes. A bad user file throws UsageError with one line naming the file and the problem
 * (missing file, bad JSON, schema error with the path, invalid regex with the skill id).
 */
export function loadTaxonomy(userFile?: string): Taxonomy {
  const base = defaultTaxonomy();
  if (userFile === undefined) return base;
  const { entries } = readUserFile(userFile);
  const skills = [...base.skills];
  for (const entry of entries) {
    const at = skills.findIndex((s) => s.id === entry.id);
    if (entry.disabled === true) {
      if (at < 0) throw new UsageError(`taxonomy file ${userFile}: disables "${entry.id}", which is not a default skill`);
      skills.splice(at, 1);
    } else if (at >= 0) skills[at] = entry as Skill;
    else skills.push(entry as Skill);
  }
  return { version: base.version, skills };
}
