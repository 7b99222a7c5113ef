import type { PaperCard, ReportHeader } from './schema.js';

/**
 * The report as JSON (ReportSchema), in chunks: everything but the cards, then the cards one by one, so
 * a report over tens of thousands of papers never exists as one string.
 */
export function* jsonChunks(header: ReportHeader, cards: Iterable<PaperCard>): Generator<string> {
  const head = JSON.stringify(header, null, 2);
  yield `${head.slice(0, head.lastIndexOf('}')).trimEnd()},\n  "papers": [`;
  let first = true;
  for (const c of cards) {
    yield `${first ? '\n' : ',\n'}    ${JSON.stringify(c)}`;
    first = false;
  }
  yield `${first ? '' : '\n  '}]\n}\n`;
}
