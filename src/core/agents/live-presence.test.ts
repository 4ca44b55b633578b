import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../logging/logger';
import { createBulkPresenceSession, createFakeHub, type FakeHub } from '../../../test/node/agents/fakes';
import { createManualClock } from '../../../test/node/agents/manual-clock';
import { BULK_PRESENCE_IDS_PER_REQUEST, createLivePresence, FALLBACK_MIN_CYCLE_MS } from './live-presence';
import type { PresenceChange } from './presence';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `agent-${i}`);

function setup(hub: FakeHub | null, options: Parameters<typeof createBulkPresenceSession>[1] = {}) {
  const clock = createManualClock();
  const fake = createBulkPresenceSession(clock, options);
  const changes: PresenceChange[] = [];
  const live = createLivePresence({
    notifications: () => hub,
    session: () => fake.session,
    clock,
    log: createMemoryLogger(),
    labels: () => new Map(),
    onChange: (change) => changes.push(change),
  });
  return { clock, live, changes, ...fake };
}

describe('live presence by push', () => {
  it('subscribes two topics per watched agent and follows the watched set', async () => {
    const hub = createFakeHub();
    const { live, changes, calls, clock } = setup(hub);
    live.setWatched(['a', 'b']);
    expect(hub.topics()).toEqual(['v2.users.a.presence', 'v2.users.a.routingStatus', 'v2.users.b.presence', 'v2.users.b.routingStatus']);
    expect(live.mode()).toBe('push');

    hub.emit('v2.users.a.presence', { presenceDefinition: { id: 'x', systemPresence: 'BUSY' } });
    hub.emit('v2.users.b.routingStatus', { routingStatus: { status: 'INTERACTING' } });
    expect(changes).toEqual([
      { id: 'a', presence: 'busy', presenceLabel: 'Busy' },
      { id: 'b', routingStatus: 'INTERACTING' },
    ]);

    live.setWatched(['b']);
    expect(hub.topics()).toEqual(['v2.users.b.presence', 'v2.users.b.routingStatus']);
    live.setWatched([]);
    expect(hub.watchCount()).toBe(0);
    await clock.advance(5 * 60_000);
    expect(calls).toEqual([]);
  });
});

describe('polling fallback', () => {
  it('polls when Genesys refuses the topics, and stops once a new watch is accepted', async () => {
    const hub = createFakeHub();
    const { live, calls, clock } = setup(hub);
    hub.refuseNext();
    live.setWatched(ids(3));
    await clock.advance(1);
    expect(live.mode()).toBe('polling');
    expect(hub.watchCount()).toBe(0);
    expect(calls).toHaveLength(1);

    live.setWatched(ids(4));
    await clock.advance(60_000);
    expect(live.mode()).toBe('push');
    expect(hub.topics()).toHaveLength(8);
    // The catch-up pass after push came back, then nothing more.
    const settled = calls.length;
    await clock.advance(5 * 60_000);
    expect(calls).toHaveLength(settled);
  });

  it('neither subscribes nor polls for an empty watched set', async () => {
    const { live, calls, clock } = setup(null);
    live.setWatched([]);
    await clock.advance(5 * 60_000);
    expect(calls).toHaveLength(0);
    expect(live.mode()).toBe('idle');
    expect(clock.pending()).toBe(0);
  });

  it('polls only while push is down, spacing bulk requests to a fifth of the budget, then does one catch-up pass', async () => {
    const hub = createFakeHub();
    const { live, calls, clock, changes } = setup(hub, { limitPerMinute: 300 });
    const watched = ids(120);
    live.setWatched(watched);
    await clock.advance(60_000);
    expect(calls).toHaveLength(0);

    const downAt = clock.now();
    hub.setStatus('down');
    expect(live.mode()).toBe('polling');
    await clock.advance(FALLBACK_MIN_CYCLE_MS * 2 - 1);
    // 300/min × 0.2 = 60 requests a minute → one every second; 120 agents = 3 requests a pass, a pass every 15 s.
    expect(calls.map((call) => call.at - downAt)).toEqual([0, 1_000, 2_000, 15_000, 16_000, 17_000]);
    expect(calls.every((call) => call.ids.length <= BULK_PRESENCE_IDS_PER_REQUEST)).toBe(true);
    expect(new Set(calls.slice(0, 3).flatMap((call) => call.ids))).toEqual(new Set(watched));
    expect(changes.length).toBe(240);

    const backAt = clock.now();
    hub.setStatus('connected');
    await clock.advance(10 * 60_000);
    const afterBack = calls.filter((call) => call.at >= backAt);
    expect(afterBack).toHaveLength(3);
    expect(new Set(afterBack.flatMap((call) => call.ids))).toEqual(new Set(watched));
    expect(live.mode()).toBe('push');
    expect(clock.pending()).toBe(0);
  });

  it('polls when there is no hub at all and waits out a Retry-After', async () => {
    const retry = Object.assign(new Error('Rate limit exceeded'), { status: 429, retryAfterSeconds: 42 });
    const { live, calls, clock } = setup(null, { fail: (call) => (call.at === 1_750_000_000_000 ? retry : undefined) });
    live.setWatched(ids(10));
    await clock.advance(60_000);
    const times = calls.map((call) => call.at - 1_750_000_000_000);
    expect(times[0]).toBe(0);
    expect(times[1]).toBe(42_000);
    expect(times[2]).toBe(42_000 + FALLBACK_MIN_CYCLE_MS);
    live.stop();
    await clock.advance(60_000);
    expect(calls).toHaveLength(3);
  });

  it('holds back while the budget says Genesys is throttling us', async () => {
    const hub = createFakeHub('down');
    const { live, calls, clock, budgetState } = setup(hub);
    budgetState.throttled = { until: clock.now() + 30_000, message: 'Genesys is rate-limiting us' };
    live.setWatched(ids(5));
    await clock.advance(29_999);
    expect(calls).toHaveLength(0);
    await clock.advance(1);
    expect(calls).toHaveLength(1);
    live.stop();
  });
});
