/**
 * The web bridge's stand-in for the preload: builds the same `window.softphone` with the same
 * builder, over a WebSocket to the bridge server instead of Electron IPC. Loaded as a classic
 * script before the renderer's module script, so the API exists when the app starts.
 */
import { buildSoftphoneApi } from '../../shared/ipc/api';
import type { EventChannel } from '../../shared/ipc/contract';
import { failure, type Result } from '../../shared/result';
import { BRIDGE_META_NAME, type ClientFrame, type ServerFrame } from '../protocol';

const socketUrl = document.querySelector<HTMLMetaElement>(`meta[name="${BRIDGE_META_NAME}"]`)?.content;
if (!socketUrl) throw new Error('softphone bridge: the page was not served by the bridge (no socket meta tag)');

const pending = new Map<number, (result: Result<unknown>) => void>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const outbox: string[] = [];
let nextId = 1;
let socket: WebSocket = connect();

function connect(): WebSocket {
  const ws = new WebSocket(socketUrl as string);
  ws.addEventListener('open', () => {
    for (const frame of outbox.splice(0)) ws.send(frame);
  });
  ws.addEventListener('message', (message) => {
    const frame = JSON.parse(String(message.data)) as ServerFrame;
    if (frame.type === 'response') {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    } else {
      for (const listener of listeners.get(frame.channel) ?? []) listener(frame.payload);
    }
  });
  ws.addEventListener('close', () => {
    // Requests in flight cannot be answered by this socket any more.
    for (const [id, resolve] of pending) {
      resolve(failure('bridgeClosed', 'The connection to the app was lost. Reload the page.'));
      pending.delete(id);
    }
  });
  return ws;
}

function send(frame: ClientFrame): void {
  const text = JSON.stringify(frame);
  if (socket.readyState === WebSocket.OPEN) socket.send(text);
  else if (socket.readyState === WebSocket.CONNECTING) outbox.push(text);
  else {
    socket = connect();
    outbox.push(text);
  }
}

const softphone = buildSoftphoneApi({
  invoke: (channel, payload) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      send({ type: 'request', id, channel, payload });
    }),
  subscribe: (channel: EventChannel, listener) => {
    const set = listeners.get(channel) ?? new Set();
    listeners.set(channel, set);
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
});

Object.defineProperty(window, 'softphone', { value: softphone, writable: false, configurable: false, enumerable: true });
