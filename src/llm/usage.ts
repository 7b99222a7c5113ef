import fs from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import builtInPrices from './prices.json' with { type: 'json' };

/** USD per million input and output tokens. */
export const PriceSchema = z.object({ input: z.number().min(0), output: z.number().min(0) });
export type Price = z.infer<typeof PriceSchema>;
const PriceTableSchema = z.record(z.string(), z.unknown()).transform((table, ctx) => {
  const out: Record<string, Price> = {};
  for (const [model, value] of Object.entries(table)) {
    if (model.startsWith('_')) continue;
    const price = PriceSchema.safeParse(value);
    if (!price.success) {
      ctx.addIssue({ code: 'custom', message: `"${model}" needs {"input": USD per 1M tokens, "output": USD per 1M tokens}` });
      return z.NEVER;
    }
    out[model] = price.data;
  }
  return out;
});
export type PriceTable = Record<string, Price>;

/** The built-in price table with the user's file (PAPERLOOM_LLM_PRICES) over it. */
export function loadPrices(file?: string): PriceTable {
  const table = PriceTableSchema.parse(builtInPrices);
  if (!file) return table;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`PAPERLOOM_LLM_PRICES: cannot read ${file}: ${(error as Error).message}`);
  }
  const own = PriceTableSchema.safeParse(raw);
  if (!own.success) throw new UsageError(`PAPERLOOM_LLM_PRICES: ${file}: ${own.error.issues[0]?.message}`);
  return { ...table, ...own.data };
}

/**
 * The price of a model spec (`openai:gpt-4o-mini`): the table entry of the model, or of the longest
 * entry it starts with (dated snapshots such as gpt-4o-mini-2024-07-18); null when there is none.
 */
export function priceOf(table: PriceTable, spec: string): Price | null {
  const model = spec.replace(/^openai:/, '');
  if (table[model]) return table[model]!;
  const prefix = Object.keys(table).filter((k) => model.startsWith(`${k}-`)).sort((a, b) => b.length - a.length)[0];
  return prefix ? table[prefix]! : null;
}

/** The cost of a call in USD, or null for a model without a price. */
export function costOf(price: Price | null, inputTokens: number, outputTokens: number): number | null {
  return price ? (inputTokens * price.input + outputTokens * price.output) / 1e6 : null;
}

/** A generous estimate of the tokens of `chars` characters of text (about 4 a token in English; 3 to be safe). */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 3);
}

/** Money set aside for a call in flight. */
export type Reservation = { usd: number };

/**
 * A spending limit for one run or one question. Before a call, its worst case (input estimated, output
 * at the token cap) is reserved; a call whose reservation does not fit is not made, and from then on no
 * call is: the budget is reached. After the call, the reservation becomes the actual cost. So the money
 * spent never exceeds the limit, however many calls are in flight.
 */
export class Budget {
  private reservedUsd = 0;
  private reachedAt: string | null = null;

  /** `spentUsd`: what was spent before (a resumed run's earlier calls). */
  constructor(readonly limitUsd: number | null, private spentUsd = 0) {}

  /** Reserves `usd` for a call, or returns null when the budget is (now) reached. */
  reserve(usd: number): Reservation | null {
    if (this.reachedAt) return null;
    if (this.limitUsd !== null && this.spentUsd + this.reservedUsd + usd > this.limitUsd) {
      this.reachedAt = new Date().toISOString();
      return null;
    }
    this.reservedUsd += usd;
    return { usd };
  }

  /** Turns a reservation into what the call actually cost (0 for a failed request). */
  settle(reservation: Reservation, actualUsd: number): void {
    this.reservedUsd = Math.max(0, this.reservedUsd - reservation.usd);
    this.spentUsd += actualUsd;
  }

  get spent(): number {
    return this.spentUsd;
  }

  /** When the budget stopped LLM calls, or null. */
  get reached(): string | null {
    return this.reachedAt;
  }
}
