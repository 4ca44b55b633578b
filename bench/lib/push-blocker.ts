/**
 * Forces "push unavailable" the way a proxy that blocks WebSockets would: upgrades to the
 * simulator's notification sockets (/channels/{id}) are cut while the blocker is on. The bridge
 * and the simulator run in this process, so this is the one place both paths can be reached
 * without changing either; the bridge's own socket (/__bridge/ws) is left alone.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';

export function blockNotificationSockets(): () => void {
  const original = http.Server.prototype.emit;
  http.Server.prototype.emit = function patchedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'upgrade') {
      const request = args[0] as http.IncomingMessage;
      if (request.url?.startsWith('/channels/')) {
        (args[1] as Duplex).destroy();
        return true;
      }
    }
    return Reflect.apply(original, this, [event, ...args]) as boolean;
  } as typeof original;
  return () => {
    http.Server.prototype.emit = original;
  };
}
