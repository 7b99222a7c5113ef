import { createHash } from 'node:crypto';
import type { Library } from '../../db/index.js';
import type { SkillMatcher } from './match.js';

/** Papers matched per transaction: small enough that a server answering requests meanwhile stays responsive. */
const CHUNK = 400;

/** A short digest of the enabled skills: an index built with another taxonomy is not used. */
export function taxonomyDigest(matcher: SkillMatcher): string {
  return createHash('sha256').update(JSON.stringify(matcher.skills)).digest('hex').slice(0, 16);
}

/** How far the skill index of the library is. */
export type SkillIndexState = { taxonomy: string; indexed: number; papers: number };

export function skillIndexState(library: Library, taxonomy: string): SkillIndexState {
  const { indexed } = library.db
    .prepare<[string], { indexed: number }>(
      `SELECT count(*) AS indexed FROM paper_skills_indexed i JOIN papers p ON p.id = i.paper_id
       WHERE i.taxonomy = ? AND i.paper_version >= p.version`,
    )
    .get(taxonomy)!;
  return { taxonomy, indexed, papers: library.papers.count() };
}

/**
 * Matches the taxonomy against the title and abstract of up to CHUNK papers not yet indexed for it (or
 * indexed at an older version), as the demand report does, and records the result in one transaction.
 * Returns how many papers it indexed: 0 when the index is complete.
 */
export function indexSkillsChunk(library: Library, matcher: SkillMatcher, taxonomy = taxonomyDigest(matcher)): number {
  const todo = library.db
    .prepare<[string, number], { id: number; version: number; title: string; abstract: string }>(
      `SELECT p.id, p.version, p.title, p.abstract FROM papers p
       LEFT JOIN paper_skills_indexed i ON i.taxonomy = ? AND i.paper_id = p.id
       WHERE i.paper_id IS NULL OR i.paper_version < p.version LIMIT ?`,
    )
    .all(taxonomy, CHUNK);
  if (todo.length === 0) return 0;
  const matches = todo.map((p) => ({ paper: p, skills: matcher.match(`${p.title}\n${p.abstract}`) }));
  const clear = library.db.prepare('DELETE FROM paper_skills WHERE taxonomy = ? AND paper_id = ?');
  const add = library.db.prepare('INSERT INTO paper_skills (taxonomy, skill_id, paper_id, mentions) VALUES (?, ?, ?, ?)');
  const done = library.db.prepare(
    `INSERT INTO paper_skills_indexed (taxonomy, paper_id, paper_version) VALUES (?, ?, ?)
     ON CONFLICT (taxonomy, paper_id) DO UPDATE SET paper_version = excluded.paper_version`,
  );
  library.transaction(() => {
    for (const { paper, skills } of matches) {
      clear.run(taxonomy, paper.id);
      for (const [skill, mentions] of skills) add.run(taxonomy, skill, paper.id, mentions);
      done.run(taxonomy, paper.id, paper.version);
    }
  });
  return todo.length;
}

/** Indexes every paper not yet indexed, yielding to the event loop between chunks. */
export async function indexSkills(library: Library, matcher: SkillMatcher, options: { onChunk?: (state: SkillIndexState) => void; signal?: AbortSignal } = {}): Promise<void> {
  const taxonomy = taxonomyDigest(matcher);
  const { onChunk, signal } = options;
  while (!signal?.aborted && indexSkillsChunk(library, matcher, taxonomy) > 0) {
    onChunk?.(skillIndexState(library, taxonomy));
    await new Promise((resolve) => setImmediate(resolve));
  }
}
