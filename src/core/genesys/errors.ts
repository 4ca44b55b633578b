/**
 * One error type for every failed Genesys request. The SDK rejects with whatever it has — the
 * parsed ErrorBody, an OAuth `{error, error_description}` body, a string, undefined, or an axios
 * error carrying the request's headers (and so the token) — so nothing raw may reach callers or
 * logs. The session's HTTP client converts failures at the source, where status and headers are
 * still known; `normaliseRejection` handles whatever else a caller's code throws.
 */
import { AppError } from '../../shared/result';

export interface GenesysRequestErrorInit {
  status?: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
  correlationId?: string;
  outcomeUnknown: boolean;
  missingPermissions?: string[];
}

export class GenesysRequestError extends Error {
  readonly status?: number;
  readonly code: string;
  readonly retryAfterSeconds?: number;
  readonly correlationId?: string;
  /** timeout, network or 5xx: the server may have acted */
  readonly outcomeUnknown: boolean;
  /** For 403 missing.permissions: the permissions Genesys named. */
  readonly missingPermissions?: string[];

  constructor(init: GenesysRequestErrorInit) {
    super(init.message);
    this.name = 'GenesysRequestError';
    this.code = init.code;
    this.outcomeUnknown = init.outcomeUnknown;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.correlationId !== undefined) this.correlationId = init.correlationId;
    if (init.missingPermissions !== undefined) this.missingPermissions = init.missingPermissions;
  }
}

/** What an HTTP failure looks like once the transport has it: no request headers, so no token. */
export interface HttpFailure {
  /** Undefined when only a rejected body is known (the SDK dropped the status). */
  status?: number;
  headers: Record<string, unknown>;
  body: unknown;
}

// The request never left this machine, or never reached a server: repeating it cannot duplicate anything.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);
const TIMEOUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}

/** Retry-After is seconds or an HTTP date; Genesys bodies also say "Retry the request in [42] seconds". */
export function parseRetryAfter(header: string | undefined, bodyMessage: string | undefined, now: number): number | undefined {
  if (header !== undefined) {
    const trimmed = header.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.max(0, Math.ceil(Number(trimmed)));
    const date = Date.parse(trimmed);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const inBody = bodyMessage ? /retry the request in \[(\d+)\] seconds/i.exec(bodyMessage) : null;
  return inBody?.[1] !== undefined ? Number(inBody[1]) : undefined;
}

/** "You are missing the following permission(s): a:b:c, d:e:f" → ['a:b:c', 'd:e:f']. */
export function parseMissingPermissions(body: Record<string, unknown>): string[] | undefined {
  const fromParams = body.messageParams && typeof body.messageParams === 'object' ? Object.values(body.messageParams as Record<string, unknown>) : [];
  const texts = [...fromParams.filter((v): v is string => typeof v === 'string'), typeof body.message === 'string' ? body.message : ''];
  const found = new Set<string>();
  for (const text of texts) for (const match of text.matchAll(/[a-zA-Z]+:[a-zA-Z]+:[a-zA-Z*]+/g)) found.add(match[0]);
  return found.size > 0 ? [...found] : undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function fromHttpFailure(failure: HttpFailure, now: number): GenesysRequestError {
  const body = asRecord(failure.body);
  const text = typeof failure.body === 'string' ? failure.body.slice(0, 300) : undefined;
  // ErrorBody uses code/message; the OAuth token endpoint answers {error, error_description}.
  const status = failure.status ?? (typeof body?.status === 'number' ? body.status : undefined);
  const code = str(body?.code) ?? str(body?.error) ?? (status !== undefined ? `http.${status}` : 'unknown');
  const message =
    str(body?.message) ?? str(body?.error_description) ?? str(body?.description) ?? text ?? (status !== undefined ? `Genesys answered HTTP ${status}.` : 'Genesys Cloud rejected the request.');
  const retryAfterSeconds = parseRetryAfter(headerValue(failure.headers, 'retry-after'), message, now);
  const correlationId = headerValue(failure.headers, 'inin-correlation-id') ?? str(body?.contextId);
  const missingPermissions = status === 403 && body ? parseMissingPermissions(body) : undefined;
  return new GenesysRequestError({
    ...(status !== undefined ? { status } : {}),
    code,
    message,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    ...(correlationId !== undefined ? { correlationId } : {}),
    ...(missingPermissions ? { missingPermissions } : {}),
    // Without a status we cannot tell whether the server acted.
    outcomeUnknown: status === undefined || status >= 500,
  });
}

/** A failure with no HTTP answer: refused, unresolvable, reset, timed out. */
export function fromTransportFailure(errorCode: string | undefined, detail: string): GenesysRequestError {
  if (errorCode && NOT_SENT.has(errorCode)) {
    return new GenesysRequestError({ code: 'network.unreachable', message: `Genesys Cloud could not be reached (${errorCode}).`, outcomeUnknown: false });
  }
  if ((errorCode && TIMEOUT.has(errorCode)) || /timeout/i.test(detail)) {
    return new GenesysRequestError({ code: 'request.timeout', message: 'Genesys Cloud did not answer in time.', outcomeUnknown: true });
  }
  return new GenesysRequestError({
    code: 'network.error',
    message: `The connection to Genesys Cloud failed (${errorCode ?? 'no answer'}).`,
    outcomeUnknown: true,
  });
}

/**
 * Whatever a request's code rejected with, as a GenesysRequestError. An AppError is the caller's
 * own, user-facing decision and is passed through untouched.
 */
export function normaliseRejection(raw: unknown, now: number): GenesysRequestError | AppError {
  if (raw instanceof GenesysRequestError || raw instanceof AppError) return raw;
  const record = asRecord(raw);
  const response = asRecord(record?.response);
  if (response && typeof response.status === 'number') {
    return fromHttpFailure({ status: response.status, headers: asRecord(response.headers) ?? {}, body: response.data }, now);
  }
  if (raw instanceof Error) {
    const code = str((raw as Error & { code?: unknown }).code);
    if (code) return fromTransportFailure(code, raw.message);
    // Not from the network at all: a bug in the calling code, which may or may not have sent a request first.
    return new GenesysRequestError({ code: 'client.error', message: raw.message, outcomeUnknown: true });
  }
  if (record && (typeof record.status === 'number' || str(record.error) || str(record.code))) return fromHttpFailure({ headers: {}, body: record }, now);
  if (typeof raw === 'string') return new GenesysRequestError({ code: 'unknown', message: raw.slice(0, 300), outcomeUnknown: true });
  return new GenesysRequestError({ code: 'unknown', message: 'The request to Genesys Cloud failed without an answer.', outcomeUnknown: true });
}
