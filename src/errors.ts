/**
 * A failure the user can act on: a stable kebab `code`, a message that names the input
 * (file, resource, job), and a `hint` saying what to do. The CLI prints it as one line and
 * exits with `exitCode`; anything that is not a SweepError is a bug and prints a stack.
 */
export class SweepError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly exitCode: number;

  constructor(code: string, message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'SweepError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** A bad command line: exit code 2. */
export function usageError(message: string, hint?: string): SweepError {
  return new SweepError('usage', message, { hint, exitCode: 2 });
}

export function isSweepError(error: unknown): error is SweepError {
  return error instanceof SweepError;
}
