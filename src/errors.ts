/**
 * The project's error family. Each error carries a stable `code` and the exit status the CLI uses,
 * so callers branch on kind, never on message text.
 */
export class PaperloomError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad user input (a flag, a query, a path): reported as one line, exit 2, nothing written. */
export class UsageError extends PaperloomError {
  constructor(message: string) {
    super('E_USAGE', message, 2);
  }
}

/** Something the user named (a run, a paper) is not in the library. */
export class NotFoundError extends PaperloomError {
  constructor(message: string) {
    super('E_NOT_FOUND', message, 4);
  }
}

/** A source could not be reached at all (connection refused, DNS, timeouts) after every retry. */
export class SourceUnreachableError extends PaperloomError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_UNREACHABLE', message, 3, options);
  }
}

/** arXiv answered, but with an error (an error feed, a 4xx, or persistent 5xx / malformed XML). */
export class ArxivApiError extends PaperloomError {
  constructor(
    message: string,
    readonly retryable = false,
    options?: { cause?: unknown },
  ) {
    super('E_ARXIV', message, 3, options);
  }
}

/** A broken internal invariant: a bug, not bad input. The message names what was expected. */
export class InvariantError extends PaperloomError {
  constructor(message: string) {
    super('E_INVARIANT', message, 70);
  }
}

/** One line for the terminal, whatever was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
