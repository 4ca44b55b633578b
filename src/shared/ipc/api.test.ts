import { describe, expect, it, vi } from 'vitest';
import { buildSoftphoneApi, type ContractTransport } from './api';
import { eventChannels, requestChannels } from './contract';

function fakeTransport(): ContractTransport & { invoked: [string, unknown][]; emit(channel: string, payload: unknown): void } {
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    invoked,
    invoke: async (channel, args) => {
      invoked.push([channel, args]);
      return { ok: true, value: channel };
    },
    subscribe: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    emit: (channel, payload) => listeners.get(channel)?.forEach((listener) => listener(payload)),
  };
}

describe('buildSoftphoneApi', () => {
  it('exposes exactly the contract: one verb per request channel and one onX per event channel', () => {
    const api = buildSoftphoneApi(fakeTransport()) as unknown as Record<string, Record<string, unknown>>;
    const exposed = Object.entries(api).flatMap(([domain, members]) => Object.keys(members).map((member) => `${domain}.${member}`));
    const expected = [
      ...requestChannels.map((channel) => channel.replace(':', '.')),
      ...eventChannels.map((channel) => {
        const [domain, noun] = channel.split(':') as [string, string];
        return `${domain}.on${noun[0]?.toUpperCase()}${noun.slice(1)}`;
      }),
    ];
    expect(exposed.sort()).toEqual(expected.sort());
    expect(exposed).not.toContain('invoke');
  });

  it('is frozen all the way down', () => {
    const api = buildSoftphoneApi(fakeTransport());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.app)).toBe(true);
    expect(() => {
      (api.app as unknown as Record<string, unknown>)['getInfo'] = () => 'hijacked';
    }).toThrow(TypeError);
  });

  it('sends the channel and argument through the transport', async () => {
    const transport = fakeTransport();
    const api = buildSoftphoneApi(transport);
    await expect(api.dial.preview({ number: '+44 20' })).resolves.toEqual({ ok: true, value: 'dial:preview' });
    expect(transport.invoked).toEqual([['dial:preview', { number: '+44 20' }]]);
  });

  it('delivers events to listeners until they unsubscribe', () => {
    const transport = fakeTransport();
    const api = buildSoftphoneApi(transport);
    const listener = vi.fn();
    const unsubscribe = api.agents.onPresenceChanged(listener);
    transport.emit('agents:presenceChanged', { seq: 1, updates: [] });
    unsubscribe();
    transport.emit('agents:presenceChanged', { seq: 2, updates: [] });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith({ seq: 1, updates: [] });
  });
});
