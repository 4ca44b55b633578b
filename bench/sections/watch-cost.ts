/**
 * (c) What watching costs: REST requests while the app keeps 1,000 agents' presence live and
 * follows one connected call for 10 simulated minutes (the simulator's clock ×60), once with
 * push and once with push unavailable (bulk presence + call polling). The org's budget is
 * 300 requests a minute per token, so 10 minutes = 3,000 requests.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../src/core/clock';
import { createDialer } from '../../src/core/dialer/service';
import { createScaledClock, startSimulator } from '../../src/sim/index';
import type { SimTimer } from '../../src/sim/kernel';
import { startDirectoryHarness } from '../../test/node/agents/harness';
import type { BenchContext } from '../lib/context';
import type { Metric } from '../lib/report';

const SECTION = 'c. request cost of watching';
const LIMIT_PER_MINUTE = 300;
export const WATCH_COST_METRICS = [
  { name: 'push: share of the budget (1,000 agents + 1 call, 10 min)', unit: '%', target: { op: '<=', limit: 1, text: '≤ 1% of budget' } },
  { name: 'fallback: share of the budget', unit: '%' },
  { name: 'fallback: 429 responses', unit: 'responses', target: { op: '<=', limit: 0, text: 'never a 429' } },
] as const satisfies ReadonlyArray<Pick<Metric, 'name' | 'unit' | 'target'>>;

function coreClock(clock: ReturnType<typeof createScaledClock>): Clock {
  return { now: () => clock.now(), setTimeout: (fn, ms) => clock.setTimeout(fn, ms), clearTimeout: (handle) => clock.clearTimeout(handle as SimTimer) };
}

interface Run {
  requests: number;
  tooMany: number;
  byPath: Map<string, number>;
  minutes: number;
  callConnected: boolean;
}

async function watchFor(ctx: BenchContext, push: boolean): Promise<Run> {
  const minutes = ctx.smoke ? 1 : 10;
  const factor = 60;
  const scaled = createScaledClock(factor);
  const clock = coreClock(scaled);
  const sim = await startSimulator({ seed: 'large', clock: scaled });
  const h = await startDirectoryHarness({ sim, push, clock });
  try {
    await h.directory.start();
    const loaded = await h.waitFor('the directory', () => (h.stateHub.directory().status === 'ready' ? h.stateHub.directory() : undefined), 60_000);
    const biggest = [...loaded.queues].sort((a, b) => b.memberCount - a.memberCount)[0];
    const members = await h.directory.queueMembers(biggest?.id ?? '');
    const watchedCount = ctx.smoke ? Math.min(100, members.length) : 1_000;
    const memberSet = new Set(members);
    const screen = loaded.agents
      .map((a) => a.id)
      .filter((id) => !memberSet.has(id))
      .slice(0, Math.max(0, watchedCount - members.length));
    const agent = loaded.agents.find((a) => a.hasStation && a.presence === 'available' && !memberSet.has(a.id) && !screen.includes(a.id));
    if (!agent) throw new Error('the large seed has no available agent with a station');

    const from = sim.requestLog.length;
    const startedAt = scaled.now();
    h.directory.watch(screen);
    const dialer = createDialer({
      session: () => h.session,
      notifications: () => h.notifications,
      settings: h.settings,
      recents: { add: async () => undefined, update: async () => undefined },
      audit: { record: async () => undefined },
      hub: h.stateHub,
      clock,
      log: h.log,
      newId: randomUUID,
    });
    // Any number outside the test endings answers after ~2 s and stays connected until hung up.
    const outcome = await dialer.place({ number: '+13175550199', agentId: agent.id, source: 'dialpad', confirmWarnings: true });
    if (outcome.status !== 'placed') throw new Error(`the call was not placed: ${JSON.stringify(outcome)}`);
    const callId = outcome.call.id;
    const connected = await h
      .waitFor('the call to connect', () => (h.stateHub.app().calls.find((c) => c.id === callId)?.phase === 'connected' ? true : undefined), 30_000)
      .catch(() => false);
    await h.waitFor(`${minutes} simulated minutes`, () => (scaled.now() - startedAt >= minutes * 60_000 ? true : undefined), (minutes * 60_000) / factor + 30_000);
    const window = sim.requestLog.slice(from).filter((entry) => entry.at <= startedAt + minutes * 60_000 && !entry.path.startsWith('/__sim/') && !entry.path.startsWith('/oauth/'));
    const byPath = new Map<string, number>();
    for (const entry of window) {
      const key = `${entry.method} ${entry.path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}').replace(/\/channels\/[^/]+/, '/channels/{id}')}`;
      byPath.set(key, (byPath.get(key) ?? 0) + 1);
    }
    await dialer.hangUp(callId).catch(() => undefined);
    return { requests: window.length, tooMany: window.filter((entry) => entry.status === 429).length, byPath, minutes, callConnected: connected === true };
  } finally {
    await h.stop();
    await sim.stop();
  }
}

/**
 * What keeping presence live costs on its own: everything but the call's requests (the dial's
 * agent check and the conversation's). Channel requests count as presence, though calls share them.
 */
function presenceOnly(run: Run): number {
  let count = 0;
  for (const [path, n] of run.byPath) if (!path.includes('/conversations') && path !== 'GET /api/v2/users/{id}') count += n;
  return count;
}

function describe(run: Run): string {
  const top = [...run.byPath.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([path, count]) => `${count}× ${path}`)
    .join(', ');
  const presence = presenceOnly(run);
  const share = ((presence / (LIMIT_PER_MINUTE * run.minutes)) * 100).toFixed(2);
  return `${run.requests} requests in ${run.minutes} simulated min${run.callConnected ? '' : ', call did NOT connect'}, of which presence ${presence} (${share}%) and the call ${run.requests - presence}; ${top}`;
}

export async function measureWatchCost(ctx: BenchContext): Promise<Metric[]> {
  ctx.progress('c: watching with push');
  const push = await watchFor(ctx, true);
  ctx.progress('c: watching with push unavailable');
  const fallback = await watchFor(ctx, false);
  const budget = (run: Run): number => (run.requests / (LIMIT_PER_MINUTE * run.minutes)) * 100;
  const [pushMetric, fallbackMetric, tooManyMetric] = WATCH_COST_METRICS;
  return [
    { section: SECTION, ...pushMetric, value: budget(push), detail: describe(push) },
    { section: SECTION, ...fallbackMetric, value: budget(fallback), detail: `${describe(fallback)}; ${(fallback.requests / push.requests || 0).toFixed(0)}× push` },
    { section: SECTION, ...tooManyMetric, value: fallback.tooMany + push.tooMany, detail: `push ${push.tooMany}, fallback ${fallback.tooMany}` },
  ];
}
