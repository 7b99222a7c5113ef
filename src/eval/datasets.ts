import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { z } from 'zod';
import { UsageError } from '../errors.js';

/** A document with gold key phrases (KDD, WWW, NUS, Inspec-style sets). */
export const KeyphraseDocSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string().default(''),
  text: z.string(),
  keyphrases: z.array(z.string()),
});
export type KeyphraseDoc = z.infer<typeof KeyphraseDocSchema>;

/** An abstract with gold one-sentence summaries (SciTLDR). */
export const TldrDocSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string().default(''),
  abstract: z.string(),
  targets: z.array(z.string()).min(1),
});
export type TldrDoc = z.infer<typeof TldrDocSchema>;

/** Input of `paperloom analyze`: `text` or `abstract`, optionally a title. */
export const AnalyzeInputSchema = z
  .object({
    id: z.union([z.string(), z.number()]).transform(String),
    title: z.string().default(''),
    text: z.string().optional(),
    abstract: z.string().optional(),
  })
  .refine((d) => d.text !== undefined || d.abstract !== undefined, { message: 'needs "text" or "abstract"' });
export type AnalyzeInput = z.infer<typeof AnalyzeInputSchema>;

/** Streams JSON Lines (gzip accepted), each line parsed with `schema`; a bad line fails naming its number. */
export async function* readJsonLines<T>(file: string, schema: z.ZodType<T>): AsyncGenerator<T> {
  if (!fs.existsSync(file)) throw new UsageError(`data file not found: ${file}`);
  const raw = fs.createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(zlib.createGunzip()) : raw;
  let n = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`${file}: line ${n} is not JSON`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new UsageError(`${file}: line ${n}: ${parsed.error.issues[0]?.path.join('.') || 'record'} ${parsed.error.issues[0]?.message}`);
    yield parsed.data;
  }
}

/** Reads a whole JSON Lines file into memory (evaluation sets are small). */
export async function readAll<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of readJsonLines(file, schema)) out.push(row);
  return out;
}
