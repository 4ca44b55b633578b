/**
 * The seam between the simulator's parts. The HTTP server (server.ts) owns routing, auth,
 * the request budget and error bodies; feature modules (users, calls, notifications, …)
 * only declare routes against these types and publish state changes on the bus.
 * Nothing here imports from the app: the simulator is a separate program that happens to
 * live in this repository.
 */

/** Injectable time so tests and benchmarks can run the org's clock fast or step it. */
export interface SimClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): SimTimer;
  clearTimeout(timer: SimTimer): void;
}
export interface SimTimer {
  readonly id: number;
}

/** Who is calling, resolved from the bearer token by the server before a handler runs. */
export interface TokenContext {
  token: string;
  clientId: string;
  /** Undefined for client-credentials tokens: user-context endpoints answer 400 not.a.user. */
  userId?: string;
  grant: 'client_credentials' | 'authorization_code';
  expiresAt: number;
}

export interface SimRequest {
  method: string;
  /** Path without the query string, e.g. /api/v2/users/abc. */
  path: string;
  /** Named segments of the route pattern (`:id` → params.id). */
  params: Record<string, string>;
  /** Raw query. Array parameters arrive comma-joined from the SDK: use `queryList`. */
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined when empty); form bodies are parsed into an object of strings. */
  body: unknown;
  /** Present on routes declared with auth 'token'. */
  auth?: TokenContext;
}

export interface SimResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** For the OAuth sign-in page and redirects. */
  contentType?: string;
}

export type SimHandler = (req: SimRequest) => SimResult | Promise<SimResult>;

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Path pattern with `:name` segments, e.g. '/api/v2/conversations/calls/:conversationId'. */
  pattern: string;
  /** 'token' → the server resolves and checks the bearer token (401 bodies) and counts it against the budget. */
  auth: 'token' | 'none';
  /** True where Genesys answers 400 not.a.user for client-credentials tokens. */
  requiresUser?: boolean;
  handler: SimHandler;
}

/**
 * Thrown by handlers; the server turns it into Genesys' ErrorBody
 * ({message, code, status, contextId, details, errors, messageWithParams, messageParams})
 * with the ININ-Correlation-ID header.
 */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { messageParams?: Record<string, string>; entityId?: string; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

/** Topic bus: every state change the REST API would show is published here, in order. */
export interface EventBus {
  publish(topicName: string, eventBody: unknown): void;
}

export function queryList(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
}
