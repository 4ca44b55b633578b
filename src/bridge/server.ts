/**
 * The loopback web bridge: a development and test shell, not a product surface. It runs the
 * real main-process services under plain Node and serves the built renderer to any Chromium,
 * carrying the same IPC contract over a WebSocket. It listens on 127.0.0.1 only, on a random
 * port, and accepts the socket only with this run's token from this server's own page origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { createDispatcher } from '../main/ipc/dispatcher';
import type { Logger } from '../core/logging/logger';
import { createAppServices, type AppServices, type AppServicesOptions } from '../main/services';
import {
  BRIDGE_META_NAME,
  BRIDGE_OPENED_URLS_PATH,
  BRIDGE_SECOND_INSTANCE_PATH,
  BRIDGE_SHIM_PATH,
  BRIDGE_SOCKET_PATH,
  type ClientFrame,
  type ServerFrame,
} from './protocol';
import { createBridgeShellPort } from './shell-port';

export interface BridgeOptions extends Omit<AppServicesOptions, 'shell' | 'shellKind'> {
  port?: number;
  /** Folder with the built renderer (index.html + assets). */
  rendererDir: string;
  /** The built shim (IIFE) that provides window.softphone over the socket. */
  shimFile: string;
}

export interface Bridge {
  /** Open this in a browser. */
  url: string;
  origin: string;
  token: string;
  app: AppServices;
  /** URLs the app asked the OS to open (e.g. the PKCE authorize URL), oldest first. */
  openedUrls: string[];
  stop(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const log: Logger = options.logger.child('bridge');
  const token = randomBytes(24).toString('base64url');
  const openedUrls: string[] = [];
  // The shell port is built before the services it serves, so it reads their connections late.
  let services: AppServices | null = null;
  const shell = createBridgeShellPort({ openedUrls, connections: () => services?.hub.app().connections ?? [], log });
  const app = await createAppServices({ ...options, shell, shellKind: 'web-bridge' });
  services = app;
  const dispatch = createDispatcher(app.handlers, log);

  let origin = '';
  const server = http.createServer((request, response) => {
    void serveHttp(request, response).catch((error: unknown) => {
      log.error('bridge: request failed', { path: request.url, error });
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  const hasToken = (value: string | null | undefined): boolean => {
    if (!value) return false;
    const given = Buffer.from(value);
    const expected = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  async function serveHttp(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === BRIDGE_SECOND_INSTANCE_PATH || url.pathname === BRIDGE_OPENED_URLS_PATH) {
      if (!hasToken(request.headers['x-bridge-token'] as string | undefined)) {
        response.writeHead(403).end();
        return;
      }
      if (url.pathname === BRIDGE_OPENED_URLS_PATH) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(openedUrls));
        return;
      }
      const body = await readBody(request);
      const argv = JSON.parse(body) as unknown;
      if (!Array.isArray(argv) || !argv.every((item) => typeof item === 'string')) {
        response.writeHead(400).end('argv must be an array of strings');
        return;
      }
      app.deliverArgv(argv, { isPackaged: true });
      response.writeHead(204).end();
      return;
    }
    if (request.method !== 'GET') {
      response.writeHead(405).end();
      return;
    }
    if (url.pathname === BRIDGE_SHIM_PATH) {
      response.writeHead(200, { 'content-type': contentTypes['.js'] as string, 'cache-control': 'no-store' });
      response.end(await readFile(options.shimFile));
      return;
    }
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = path.resolve(options.rendererDir, relative);
    if (!file.startsWith(path.resolve(options.rendererDir) + path.sep)) {
      response.writeHead(404).end();
      return;
    }
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch {
      response.writeHead(404).end();
      return;
    }
    const type = contentTypes[path.extname(file)] ?? 'application/octet-stream';
    if (relative === 'index.html') {
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(injectBridge(content.toString('utf8'), `${origin.replace(/^http/, 'ws')}${BRIDGE_SOCKET_PATH}?token=${token}`));
      return;
    }
    response.writeHead(200, { 'content-type': type });
    response.end(content);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', origin);
    const allowed = url.pathname === BRIDGE_SOCKET_PATH && hasToken(url.searchParams.get('token')) && request.headers.origin === origin;
    if (!allowed) {
      log.warn('bridge: refused a socket', { origin: request.headers.origin ?? 'none' });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    const send = (frame: ServerFrame): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = app.hub.subscribe((channel, payload) => send({ type: 'event', channel, payload }));
    // The page is the bridge's window: it has loaded, so held links and the silent sign-in may start.
    app.windowReady();
    ws.on('message', (data) => {
      let frame: ClientFrame;
      try {
        frame = JSON.parse(String(data)) as ClientFrame;
      } catch {
        return;
      }
      if (frame?.type !== 'request' || typeof frame.id !== 'number') return;
      // Token and origin were checked at the upgrade: this socket is the app's own page.
      void dispatch({ trusted: true, description: 'web bridge page' }, frame.channel, frame.payload).then((result) =>
        send({ type: 'response', id: frame.id, result }),
      );
    });
    ws.on('close', unsubscribe);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('bridge: no port');
  origin = `http://127.0.0.1:${address.port}`;
  log.info('bridge: listening', { origin });

  return {
    url: `${origin}/`,
    origin,
    token,
    app,
    openedUrls,
    async stop() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await app.dispose();
    },
  };
}

/** Adds the socket URL and the shim to the built page, and widens CSP by exactly this socket's origin. */
export function injectBridge(html: string, socketUrl: string): string {
  const socketOrigin = new URL(socketUrl).origin.replace(/^http/, 'ws');
  const withCsp = html.replace(/(connect-src)([^;"]*)/, (_match, directive: string, sources: string) => `${directive}${sources} ${socketOrigin}`);
  if (withCsp === html) throw new Error('bridge: the renderer page has no connect-src in its CSP');
  const tags = `<meta name="${BRIDGE_META_NAME}" content="${socketUrl}">\n    <script src="${BRIDGE_SHIM_PATH}"></script>\n`;
  return withCsp.replace(/<\/head>/i, `    ${tags}  </head>`);
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > 64 * 1024) reject(new Error('body too large'));
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}
