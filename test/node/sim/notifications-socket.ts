import { WebSocket } from 'ws';

/** A notification WebSocket client for tests: queues every message so a test awaits the next one, with a bound. */

export interface NotificationMessage {
  topicName: string;
  version?: string;
  eventBody: Record<string, unknown>;
  metadata?: { CorrelationId?: string };
}

export interface TestSocket {
  socket: WebSocket;
  next(what?: string): Promise<NotificationMessage>;
  closed(): Promise<{ code: number }>;
  /** Sends {"message":"ping"} and returns everything that arrived before the pong (messages are ordered). */
  drain(): Promise<NotificationMessage[]>;
}

export async function connectSocket(url: string, timeoutMs = 2_000): Promise<TestSocket> {
  const socket = new WebSocket(url);
  const queue: NotificationMessage[] = [];
  const waiters: Array<() => void> = [];
  let closed: { code: number } | undefined;
  const wake = (): void => waiters.splice(0).forEach((resume) => resume());
  socket.on('message', (data) => {
    queue.push(JSON.parse(data.toString()) as NotificationMessage);
    wake();
  });
  socket.on('close', (code) => {
    closed = { code };
    wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });

  async function waitFor<T>(check: () => T | undefined, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  return {
    socket,
    next: (what = 'a message') => waitFor(() => queue.shift(), what),
    closed: () => waitFor(() => closed, 'the socket to close'),
    async drain() {
      socket.send(JSON.stringify({ message: 'ping' }));
      const before: NotificationMessage[] = [];
      for (;;) {
        const message = await waitFor(() => queue.shift(), 'the pong');
        if (message.topicName === 'channel.metadata' && message.eventBody.message === 'pong') return before;
        before.push(message);
      }
    },
  };
}
