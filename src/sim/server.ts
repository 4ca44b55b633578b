import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Models } from 'purecloud-platform-client-v2';
import type { SimConfig } from './config';
import { errorBody } from './errors';
import { SimHttpError, type RouteDef, type SimClock, type SimResult, type TokenContext } from './kernel';
import { routePermissions } from './auth';
import { grants, type PermissionGrant } from './org';
import { Router } from './router';

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  /** Simulator-clock time the request arrived. */
  at: number;
  /** Wall-clock arrival in ms with sub-ms precision (performance.timeOrigin + performance.now()), for benchmarks. */
  receivedAt: number;
  token?: string;
}

export type TokenLookup = { kind: 'valid'; context: TokenContext; permissions: PermissionGrant } | { kind: 'invalid' };

export interface ServerDeps {
  clock: SimClock;
  /** Read on every request, so controls that change it take effect at once. */
  config: SimConfig;
  routes: readonly RouteDef[];
  lookupToken(token: string): TokenLookup;
  /** Deterministic [0,1) source for the failure share. */
  random(): number;
  requestLog: RequestLogEntry[];
  handleUpgrade?(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
}

const WINDOW_MS = 60_000;
const CONTROL_PREFIX = '/__sim/';

/** Per-token fixed one-minute windows: what platform.api's `token.rate.per.minute` limits. */
export class RequestBudget {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  /** Returns the seconds to wait when the token has spent its budget, else counts the request. */
  take(token: string, now: number, limit: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    let window = this.windows.get(token);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      window = { startedAt: now, count: 0 };
      this.windows.set(token, window);
    }
    if (window.count >= limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - now) / 1000)) };
    }
    window.count++;
    return { allowed: true };
  }

  reset(): void {
    this.windows.clear();
  }
}

export function createSimServer(deps: ServerDeps): { server: http.Server; budget: RequestBudget } {
  const router = new Router(deps.routes);
  const budget = new RequestBudget();

  const server = http.createServer((req, res) => {
    const receivedAt = performance.timeOrigin + performance.now();
    const arrivedAt = deps.clock.now();
    const correlationId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    let tokenForLog: string | undefined;

    const send = (result: SimResult): void => {
      const headers: Record<string, string> = { 'ININ-Correlation-ID': correlationId, ...result.headers };
      let payload: string | undefined;
      if (result.body !== undefined && result.status !== 204 && method !== 'HEAD') {
        if (typeof result.body === 'string' && result.contentType) payload = result.body;
        else payload = JSON.stringify(result.body);
        headers['Content-Type'] = result.contentType ?? 'application/json';
      }
      if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
      deps.requestLog.push({ method, path: url.pathname, status: result.status, at: arrivedAt, receivedAt, token: tokenForLog });
      res.writeHead(result.status, headers);
      res.end(payload);
    };
    const sendError = (error: SimHttpError): void =>
      send({ status: error.status, body: errorBody(error, correlationId), headers: error.extra.headers });

    const isControl = url.pathname.startsWith(CONTROL_PREFIX);
    if (isControl && !deps.config.httpControls) {
      sendError(new SimHttpError(404, 'not.found', 'The requested resource was not found.'));
      req.resume();
      return;
    }

    readBody(req, deps.config.maxBodyBytes)
      .then(async (raw) => {
        if (raw === 'tooLarge') {
          throw new SimHttpError(413, 'request.entity.too.large', `The request body exceeds the maximum of ${deps.config.maxBodyBytes} bytes.`);
        }
        if (!isControl && deps.config.latencyMs > 0) await realDelay(deps.config.latencyMs);

        const match = router.match(method, url.pathname);
        if (match.kind === 'none') throw new SimHttpError(404, 'not.found', 'The requested resource was not found.');
        if (match.kind === 'wrongMethod') {
          throw new SimHttpError(405, 'method.not.allowed', `HTTP method ${method} is not supported by this resource.`, {
            headers: { Allow: match.allowed.join(', ') },
          });
        }
        const { route, params } = match;

        let auth: TokenContext | undefined;
        if (route.auth === 'token') {
          const bearer = parseBearer(req.headers.authorization);
          if (!bearer) throw new SimHttpError(401, 'authentication.required', 'No authentication bearer token specified in authorization header.');
          const lookup = deps.lookupToken(bearer);
          if (lookup.kind !== 'valid') throw new SimHttpError(401, 'bad.credentials', 'Invalid login credentials.');
          auth = lookup.context;
          tokenForLog = bearer;
          const spent = budget.take(bearer, deps.clock.now(), deps.config.requestsPerMinute);
          if (!spent.allowed) {
            const seconds = String(spent.retryAfterSeconds);
            throw new SimHttpError(429, 'too.many.requests.retry.after', `Rate limit exceeded the maximum. Retry the request in [${seconds}] seconds`, {
              headers: { 'Retry-After': seconds },
            });
          }
          if (route.requiresUser && !auth.userId) {
            throw new SimHttpError(400, 'not.a.user', 'This request requires a user context. Client credentials cannot be used for requests to this resource.');
          }
          const needed = routePermissions(route);
          if (needed && !needed.some((permission) => grants(lookup.permissions, permission))) {
            return missingPermissions(needed, correlationId);
          }
          if (deps.config.failureRate > 0 && deps.random() < deps.config.failureRate) {
            throw new SimHttpError(503, 'service.unavailable', 'The service is currently unavailable.');
          }
        }

        const body = parseBody(raw, req.headers['content-type'], url.pathname, method);
        return route.handler({ method, path: url.pathname, params, query: url.searchParams, headers: req.headers, body, auth });
      })
      .then(send, (error: unknown) => {
        if (error instanceof SimHttpError) sendError(error);
        else {
          console.error('[sim] handler failed:', error instanceof Error ? error.stack : error);
          sendError(new SimHttpError(500, 'internal.server.error', 'The server encountered an unexpected condition.'));
        }
      });
  });

  server.on('upgrade', (req, socket, head) => {
    if (!deps.handleUpgrade?.(req, socket, head)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    }
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  return { server, budget };
}

/**
 * Genesys' 403 for a permission the caller's roles lack. The body is built here rather than by
 * errorBody because its template uses `%s`, not `{name}`; for an ANY-of check every alternative is
 * listed (UNCONFIRMED, README.md).
 */
function missingPermissions(needed: readonly string[], correlationId: string): SimResult {
  const list = needed.join(', ');
  const template = 'You are missing the following permission(s): %s';
  const body: Models.ErrorBody = {
    message: template.replace('%s', list),
    code: 'missing.permissions',
    status: 403,
    messageWithParams: template,
    messageParams: { permissions: list },
    contextId: correlationId,
    details: [],
    errors: [],
  };
  return { status: 403, body };
}

function parseBearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function readBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer | 'tooLarge'> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > maxBytes) {
      // Answer without reading the oversized body; Node drains or closes the rest.
      req.resume();
      resolve('tooLarge');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'tooLarge' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const JSON_TYPES = /^application\/(?:[\w.+-]*\+)?json\b/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\b/i;

function parseBody(raw: Buffer, contentType: string | undefined, path: string, method: string): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  const isOAuth = path.toLowerCase().startsWith('/oauth/');
  // The SDK's client-credentials login posts its form body without a Content-Type header.
  if (FORM_TYPE.test(contentType ?? '') || (isOAuth && !contentType)) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (JSON_TYPES.test(contentType ?? '') || (!contentType && !isOAuth)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new SimHttpError(400, 'bad.request', 'The request could not be understood by the server due to malformed syntax.');
    }
  }
  if (method === 'GET' || method === 'HEAD') return undefined;
  throw new SimHttpError(415, 'unsupported.media.type', `Content type ${contentType ?? '(none)'} is not supported; use application/json.`);
}

function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
