/** Machine-readable output goes to stdout; everything meant for people while working goes to stderr. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** A log line on stderr, unless quiet. */
export function makeLogger(quiet: boolean): (line: string) => void {
  return quiet ? () => {} : (line) => process.stderr.write(`paperloom: ${line}\n`);
}

/** Prints rows as aligned columns. */
export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  for (const row of cells) {
    printLine(row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
  }
}

/**
 * Progress of the analysis on stderr: "analysed 120/2000 papers (840/s)", redrawn in place on a
 * terminal and printed at most every two seconds otherwise.
 */
export class Progress {
  private done = 0;
  private total = 0;
  private started = performance.now();
  private lastPrint = performance.now();

  constructor(private readonly enabled: boolean, private readonly tty = process.stderr.isTTY ?? false) {}

  begin(total: number): void {
    this.total = total;
    this.done = 0;
    this.started = performance.now();
  }

  tick(): void {
    this.done++;
    if (!this.enabled) return;
    const now = performance.now();
    const finished = this.total > 0 && this.done >= this.total;
    if (!finished && now - this.lastPrint < (this.tty ? 200 : 2000)) return;
    this.lastPrint = now;
    const rate = this.done / Math.max(0.001, (now - this.started) / 1000);
    const of = this.total > 0 ? `/${this.total}` : '';
    const line = `paperloom: analysed ${this.done}${of} papers (${rate.toFixed(0)}/s)`;
    process.stderr.write(this.tty ? `\r${line}${finished ? '\n' : ''}` : `${line}\n`);
  }
}
