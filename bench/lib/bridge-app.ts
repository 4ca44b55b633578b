/**
 * The app as the bench drives it: the lead's web bridge in this process (the real services and
 * handler table), a Node WebSocket client speaking the bridge protocol (src/bridge/protocol.ts),
 * and the demo org (the simulator, in-process, large seed) signed in.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { Bridge, BridgeOptions } from '../../src/bridge/server';
import type { ClientFrame, ServerFrame } from '../../src/bridge/protocol';
import type { Clock } from '../../src/core/clock';
import { createLogger } from '../../src/core/logging/logger';
import type { RequestArgs, RequestChannel, RequestResult } from '../../src/shared/ipc/contract';
import type { Result } from '../../src/shared/result';
import type { SimHandle } from '../../src/sim/index';
import { ensureRendererBuild } from './build';
import { importOptional, type BenchContext } from './context';

export interface BridgeClient {
  request<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<Result<RequestResult<C>>>;
  /** Like request, with the high-resolution time (performance.now()) at which the frame was sent. */
  timed<C extends RequestChannel>(channel: C, args: RequestArgs<C>): { sentAt: number; result: Promise<Result<RequestResult<C>>> };
  onEvent(cb: (channel: string, payload: unknown) => void): () => void;
  close(): void;
}

export interface BridgeApp {
  bridge: Bridge;
  client: BridgeClient;
  sim: SimHandle;
  dataDir: string;
  stop(): Promise<void>;
}

export function rendererBuilt(root: string): { ok: true; rendererDir: string; shimFile: string } | { ok: false; reason: string } {
  const rendererDir = path.join(root, 'out', 'renderer');
  const shimFile = path.join(root, 'out', 'bridge', 'shim.js');
  if (!existsSync(path.join(rendererDir, 'index.html'))) return { ok: false, reason: 'the renderer is not built (out/renderer/index.html missing: npm run build)' };
  if (!existsSync(shimFile)) return { ok: false, reason: 'the bridge shim is not built (out/bridge/shim.js missing)' };
  return { ok: true, rendererDir, shimFile };
}

export async function connectClient(bridge: Bridge): Promise<BridgeClient> {
  const socket = new WebSocket(`${bridge.origin.replace(/^http/, 'ws')}/__bridge/ws?token=${bridge.token}`, { origin: bridge.origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(channel: string, payload: unknown) => void>();
  socket.on('message', (data: WebSocket.RawData) => {
    const frame = JSON.parse(String(data)) as ServerFrame;
    if (frame.type === 'response') {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    } else for (const listener of listeners) listener(frame.channel, frame.payload);
  });
  const timed = <C extends RequestChannel>(channel: C, args: RequestArgs<C>) => {
    const id = nextId++;
    const frame: ClientFrame = { type: 'request', id, channel, payload: args };
    const result = new Promise<Result<RequestResult<C>>>((resolve) => pending.set(id, resolve as (result: Result<unknown>) => void));
    const sentAt = performance.now();
    socket.send(JSON.stringify(frame));
    return { sentAt, result };
  };
  return {
    request: (channel, args) => timed(channel, args).result,
    timed,
    onEvent(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    close: () => socket.close(),
  };
}

/** Resolves when `test` returns a value, checked on every bridge event and every 20 ms; rejects when it throws or after `timeoutMs`. */
export function waitUntil<T>(what: string, test: () => T | undefined, timeoutMs: number, client?: BridgeClient): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      let value: T | undefined;
      try {
        value = test();
      } catch (error) {
        done();
        reject(error);
        return;
      }
      if (value === undefined) return;
      done();
      resolve(value);
    };
    const poll = setInterval(check, 20);
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const off = client?.onEvent(check);
    const done = (): void => {
      clearInterval(poll);
      clearTimeout(timer);
      off?.();
    };
    check();
  });
}

export interface SignedOutBridge {
  bridge: Bridge;
  client: BridgeClient;
  dataDir: string;
  stop(): Promise<void>;
}

/** The bridge before anyone signs in: what a user sees at start-up. */
export async function startSignedOutBridge(ctx: BenchContext, options: { needsRenderer: boolean; clock?: Clock }): Promise<SignedOutBridge> {
  const { startBridge } = await importOptional<{ startBridge(options: BridgeOptions): Promise<Bridge> }>('../../src/bridge/server', 'the web bridge');
  // The renderer is only served when a section opens a page; without one any path will do.
  const built = options.needsRenderer ? await ensureRendererBuild(ctx) : null;
  const dataDir = await mkdtemp(path.join(tmpdir(), 'softphone-bench-'));
  // Warnings only: the bench's own output must stay readable.
  const logger = createLogger((level, line) => {
    if (level === 'error') process.stderr.write(`[app] ${line}\n`);
  }, 'warn');
  const bridge = await startBridge({
    dataDir,
    logger,
    port: 0,
    rendererDir: built?.rendererDir ?? path.join(ctx.root, 'out', 'renderer'),
    shimFile: built?.shimFile ?? path.join(ctx.root, 'out', 'bridge', 'shim.js'),
    appVersion: '0.0.0-bench',
    platform: process.platform,
    osLocale: 'en-US',
    demoSeed: 'large',
    secretStore: 'memory',
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const client = await connectClient(bridge);
  const stop = async (): Promise<void> => {
    client.close();
    await bridge.stop();
    // Late writes (recents, audit) may still land while the folder goes: retry, and never fail a measurement over it.
    await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch((error: unknown) => ctx.progress(`could not remove ${dataDir}: ${String(error)}`));
  };
  return { bridge, client, dataDir, stop };
}

export async function startBridgeApp(ctx: BenchContext, options: { needsRenderer: boolean; clock?: Clock }): Promise<BridgeApp> {
  const { bridge, client, dataDir, stop } = await startSignedOutBridge(ctx, options);
  try {
    const signedIn = await client.request('auth:signInDemo', {});
    if (!signedIn.ok) throw new Error(`demo sign-in failed: ${signedIn.code}: ${signedIn.message}`);
    const simPromise = bridge.app.demoSimulator();
    if (!simPromise) throw new Error('the demo org did not start a simulator');
    const sim = await simPromise;
    await waitUntil('the directory to load', () => (bridge.app.hub.directory().status === 'ready' ? true : undefined), 60_000, client);
    return { bridge, client, sim, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
