/**
 * The RFC 8252 loopback redirect listener for the browser sign-in: a one-shot HTTP server on
 * 127.0.0.1 that waits for Genesys to send the browser back with `?code&state` (or `?error`).
 * Only the callback path with the expected `state` completes it; anything else a local process or
 * the browser sends (a favicon, a probe) is answered 404 and ignored.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../shared/result';
import type { Clock } from '../clock';

export const CALLBACK_PATH = '/oauth/callback';

export interface LoopbackOptions {
  expectedState: string;
  clock: Clock;
  timeoutMs: number;
  /** 0 (default) for a free port chosen by the OS. */
  port?: number;
}

export interface LoopbackListener {
  redirectUri: string;
  /** Resolves with the authorization code, or rejects with an AppError (denied, mismatch, timeout, cancelled). */
  code: Promise<string>;
  cancel(): void;
}

function page(title: string, text: string): string {
  const escape = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1><p>${escape(text)}</p></main></body></html>`;
}

export async function startLoopbackListener(options: LoopbackOptions): Promise<LoopbackListener> {
  let settle: { resolve(code: string): void; reject(error: AppError): void } | null = null;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A cancelled or timed-out attempt must not surface as an unhandled rejection if nobody awaits it.
  code.catch(() => undefined);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const answer = (status: number, title: string, text: string): void => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
      res.end(page(title, text));
    };
    const params = url.searchParams;
    const isCallback = req.method === 'GET' && url.pathname === CALLBACK_PATH && (params.has('code') || params.has('error'));
    if (!isCallback || !settle) {
      answer(404, 'Not found', 'This address only receives the Softphone Companion sign-in.');
      return;
    }
    if (params.get('state') !== options.expectedState) {
      answer(400, 'Sign-in not accepted', 'This sign-in response does not belong to the sign-in Softphone Companion started. Return to the app and sign in again.');
      finish(
        new AppError(
          'stateMismatch',
          'The browser returned a sign-in response that does not match the one this app started (state mismatch), so it was refused. Close old sign-in tabs and sign in again.',
        ),
      );
      return;
    }
    const error = params.get('error');
    if (error) {
      answer(200, 'Sign-in cancelled', 'You can close this tab and return to Softphone Companion.');
      const description = params.get('error_description') ?? '';
      finish(
        error === 'access_denied'
          ? new AppError('signInDenied', 'Sign-in was cancelled or denied in the browser. Sign in again and allow Softphone Companion when Genesys Cloud asks.')
          : new AppError('signInFailed', `Genesys Cloud refused the browser sign-in (${error}${description ? `: ${description}` : ''}). Check the OAuth client's grant type and redirect URI, then sign in again.`),
      );
      return;
    }
    answer(200, 'Signed in', 'You are signed in. You can close this tab and return to Softphone Companion.');
    finish(params.get('code') ?? '');
  });

  const timer = options.clock.setTimeout(() => {
    finish(
      new AppError(
        'signInTimeout',
        `No answer came back from the browser within ${Math.round(options.timeoutMs / 60_000)} minutes. If the browser showed an error about the redirect URI, register http://127.0.0.1${CALLBACK_PATH} on the OAuth client; then sign in again.`,
      ),
    );
  }, options.timeoutMs);

  function finish(outcome: string | AppError): void {
    const pending = settle;
    if (!pending) return;
    settle = null;
    options.clock.clearTimeout(timer);
    server.close();
    server.closeIdleConnections();
    if (outcome instanceof AppError) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      options.clock.clearTimeout(timer);
      reject(
        new AppError(
          'loopbackUnavailable',
          error.code === 'EADDRINUSE'
            ? `Port ${options.port ?? 0} on 127.0.0.1 is in use, so the browser sign-in cannot receive its answer. Close the program using it or choose another port.`
            : `The browser sign-in could not listen on 127.0.0.1 (${error.code ?? error.message}).`,
        ),
      );
    });
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    code,
    cancel: () => finish(new AppError('signInCancelled', 'Sign-in was cancelled.')),
  };
}
