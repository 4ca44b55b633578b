/**
 * The loopback web bridge's wire protocol: the IPC contract carried as JSON text frames over
 * one WebSocket. Only the transport differs from Electron IPC; the dispatcher, schemas and
 * services are the same.
 *
 *   client → server  {type:'request', id, channel, payload}
 *   server → client  {type:'response', id, result}      (result is the contract's Result)
 *   server → client  {type:'event', channel, payload}   (every hub event)
 *
 * The socket is accepted only at BRIDGE_SOCKET_PATH with the per-run token in the query and
 * an Origin equal to the bridge's own page origin, so another local page cannot drive it.
 */
import type { Result } from '../shared/result';

export const BRIDGE_SOCKET_PATH = '/__bridge/ws';
export const BRIDGE_SHIM_PATH = '/__bridge/shim.js';
/** Test-only: deliver argv the way the OS hands it to a running instance (second-instance). */
export const BRIDGE_SECOND_INSTANCE_PATH = '/__bridge/second-instance';
/** Test-only: URLs the app asked the OS to open (the PKCE authorize URL). */
export const BRIDGE_OPENED_URLS_PATH = '/__bridge/opened-urls';
export const BRIDGE_META_NAME = 'softphone-bridge';

export type ClientFrame = { type: 'request'; id: number; channel: string; payload: unknown };
export type ServerFrame =
  | { type: 'response'; id: number; result: Result<unknown> }
  | { type: 'event'; channel: string; payload: unknown };
