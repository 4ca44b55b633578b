/**
 * What every request channel resolves to. A thrown Error loses its fields when it crosses
 * Electron IPC (only `message` survives, prefixed), so failures travel as plain values.
 */
export type Result<T> = Ok<T> | Failure;

export interface Ok<T> {
  ok: true;
  value: T;
}

export interface Failure {
  ok: false;
  /** Stable, machine-readable: the renderer branches on it, tests assert on it. */
  code: string;
  /** A sentence for the user that says what happened and what to do. */
  message: string;
  /** Field-level problems for forms (validation failures). */
  issues?: FieldIssue[];
}

export interface FieldIssue {
  path: string;
  message: string;
}

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function failure(code: string, message: string, issues?: FieldIssue[]): Failure {
  return issues === undefined ? { ok: false, code, message } : { ok: false, code, message, issues };
}

/**
 * A failure a service throws on purpose, to be returned as a Result by the IPC layer.
 * Anything else that is thrown becomes a generic `internal` failure with no internals leaked.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}
