/**
 * (b) Call-state lag: from the simulator changing a participant's state (forceOutcome, timed
 * here) to the renderer's DOM showing the new phase (a MutationObserver in the page stamps
 * it), in Chromium through the web bridge. Both stamps are epoch milliseconds with sub-ms
 * resolution (performance.timeOrigin + performance.now()) on the same machine.
 *
 * Each call gives three transitions: agent answers → "Dialing the customer", customer answers
 * → "Connected", customer hangs up → "Ended". Agents are set to never answer on their own and
 * the number (…5555) answers late, so only the bench moves the calls.
 *
 * The seed's baseline is computed on the same transitions: it polled the call every 2 s from
 * the moment it was placed, so a change waits for the next poll.
 */
import { performance } from 'node:perf_hooks';
import type { Page } from '@playwright/test';
import { startBridgeApp, waitUntil, type BridgeApp } from '../lib/bridge-app';
import { launchChromium } from '../lib/browser';
import type { BenchContext } from '../lib/context';
import { blockNotificationSockets } from '../lib/push-blocker';
import type { Metric } from '../lib/report';
import { round, summarize } from '../lib/stats';

const SECTION = 'b. call-state lag';
export const CALL_LAG_METRICS = [
  { name: 'push: simulator change → DOM, p95', unit: 'ms', target: { op: '<=', limit: 50, text: '≤ 50 ms p95 with push' } },
  { name: 'push vs the seed’s 2 s polling (seed mean ÷ push p95)', unit: '×', target: { op: '>=', limit: 20, text: '≥ 20× better than the seed’s ~1 s mean' } },
  { name: 'polling forced: simulator change → DOM, p95', unit: 'ms' },
  { name: 'seed baseline (2 s polling, same transitions), mean', unit: 'ms' },
] as const satisfies ReadonlyArray<Pick<Metric, 'name' | 'unit' | 'target'>>;

const SEED_POLL_MS = 2_000;
const STEPS = [
  { outcome: 'agentAnswer', phase: 'dialingCustomer', shows: (text: string) => text.startsWith('Dialing the customer') },
  { outcome: 'customerAnswer', phase: 'connected', shows: (text: string) => text.startsWith('Connected') },
  { outcome: 'customerHangUp', phase: 'ended', shows: (text: string) => text.startsWith('Ended') },
] as const;

interface PhaseEvent {
  number: string;
  phase: string;
  at: number;
}

interface Transition {
  lagMs: number;
  /** Up to main's state hub publishing the new phase (the rest is the bridge socket and the renderer). */
  mainMs: number | undefined;
  /** Since the call was placed: what the seed's 2 s loop would have been aligned to. */
  sincePlacedMs: number;
}

const epochNow = (): number => performance.timeOrigin + performance.now();

async function observePhases(page: Page, onEvent: (event: PhaseEvent) => void): Promise<void> {
  await page.exposeFunction('__benchPhase', (event: PhaseEvent) => onEvent(event));
  // A string, not a function: tsx's helpers (__name) do not exist in the page.
  await page.evaluate(`(() => {
    const seen = new Map();
    const scan = () => {
      const at = performance.timeOrigin + performance.now();
      for (const region of document.querySelectorAll('section[aria-label="Active call"]')) {
        const number = region.querySelector('.call-number')?.textContent ?? '';
        const phase = region.querySelector('.call-phase [aria-live]')?.textContent ?? '';
        if (seen.get(number) !== phase) {
          seen.set(number, phase);
          window.__benchPhase({ number, phase, at });
        }
      }
    };
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true });
    scan();
  })()`);
}

async function runCalls(ctx: BenchContext, app: BridgeApp, page: Page, calls: number, concurrency: number, spreadMs: number): Promise<Transition[]> {
  const events: PhaseEvent[] = [];
  await observePhases(page, (event) => events.push(event));
  // When main publishes each call's phase: splits the lag into main and bridge + renderer.
  const published: Array<{ callId: string; phase: string; at: number }> = [];
  const lastPhase = new Map<string, string>();
  const unsubscribe = app.bridge.app.hub.subscribe((channel, payload) => {
    if (channel !== 'app:snapshotChanged') return;
    const at = epochNow();
    for (const call of (payload as { calls: Array<{ id: string; phase: string }> }).calls) {
      if (lastPhase.get(call.id) === call.phase) continue;
      lastPhase.set(call.id, call.phase);
      published.push({ callId: call.id, phase: call.phase, at });
    }
  });
  const random = mulberry32(7);
  const agents = app.bridge.app.hub
    .directory()
    .agents.filter((agent) => agent.hasStation)
    .slice(0, calls)
    .map((agent) => agent.id);
  for (const id of agents) app.sim.control.setAnswerMode(id, 'noAnswer');
  const transitions: Transition[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < agents.length) {
      const index = next++;
      const agentId = agents[index] as string;
      const number = `+1317${500 + index}5555`;
      const placedAt = epochNow();
      const placed = await app.client.request('dial:place', { number, agentId, source: 'dialpad', confirmWarnings: true });
      if (!placed.ok || placed.value.status !== 'placed') throw new Error(`call ${index} was not placed: ${JSON.stringify(placed)}`);
      const callId = placed.value.call.id;
      const display = placed.value.call.displayNumber;
      const conversationId = await waitUntil('the conversation id', () => app.bridge.app.hub.app().calls.find((c) => c.id === callId)?.conversationId, 30_000);
      await waitUntil('the ringing call on screen', () => (events.some((e) => e.number === display && e.phase.startsWith('Ringing')) ? true : undefined), 30_000);
      for (const step of STEPS) {
        // A random pause spreads the changes over the seed's 2 s poll grid, as real calls are.
        if (spreadMs > 0) await new Promise((resolve) => setTimeout(resolve, random() * spreadMs));
        const triggeredAt = epochNow();
        app.sim.control.forceOutcome(conversationId, step.outcome);
        const shown = await waitUntil(`"${step.outcome}" on screen`, () => events.find((e) => e.number === display && e.at >= triggeredAt && step.shows(e.phase)), 30_000);
        const main = published.find((p) => p.callId === callId && p.at >= triggeredAt && p.phase === step.phase);
        transitions.push({ lagMs: shown.at - triggeredAt, mainMs: main ? main.at - triggeredAt : undefined, sincePlacedMs: triggeredAt - placedAt });
      }
      await app.client.request('calls:dismiss', { callId });
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    unsubscribe();
  }
  ctx.progress(`b: ${transitions.length} transitions`);
  return transitions;
}

async function measure(ctx: BenchContext, push: boolean): Promise<Transition[]> {
  const unblock = push ? null : blockNotificationSockets();
  try {
    const app = await startBridgeApp(ctx, { needsRenderer: true });
    const browser = await launchChromium(ctx);
    try {
      const page = await browser.newPage();
      await page.goto(app.bridge.url);
      await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 30_000 });
      const calls = ctx.smoke ? 2 : 34;
      // Polling waits seconds per transition: calls run side by side (within the request budget) to keep the run short.
      return await runCalls(ctx, app, page, calls, push ? 1 : 5, push && !ctx.smoke ? SEED_POLL_MS : 0);
    } finally {
      await browser.close();
      await app.stop();
    }
  } finally {
    unblock?.();
  }
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed's loop: a poll every 2 s from placement, so a change at t is seen at the next multiple of 2 s. */
function seedLag(transition: Transition): number {
  return SEED_POLL_MS - (transition.sincePlacedMs % SEED_POLL_MS);
}

export async function measureCallLag(ctx: BenchContext): Promise<Metric[]> {
  ctx.progress('b: call-state lag with push');
  const pushed = await measure(ctx, true);
  ctx.progress('b: call-state lag with push blocked (polling)');
  const polled = await measure(ctx, false);
  const p = summarize(pushed.map((t) => t.lagMs));
  const q = summarize(polled.map((t) => t.lagMs));
  // The push run spreads its changes over the poll grid; the polling run's are aligned to its own polls.
  const seed = summarize(pushed.map(seedLag));
  const main = summarize(pushed.flatMap((t) => (t.mainMs === undefined ? [] : [t.mainMs])));
  const [pushMetric, ratioMetric, pollMetric, seedMetric] = CALL_LAG_METRICS;
  return [
    {
      section: SECTION,
      ...pushMetric,
      value: p.p95,
      detail: `p50 ${round(p.median)} ms, n=${p.n}; of which main (simulator → state hub) p50 ${round(main.median)} / p95 ${round(main.p95)} ms, the rest bridge socket + renderer`,
    },
    { section: SECTION, ...ratioMetric, value: seed.mean / p.p95, detail: `seed mean ${round(seed.mean, 0)} ms ÷ push p95 ${round(p.p95)} ms` },
    { section: SECTION, ...pollMetric, value: q.p95, detail: `p50 ${round(q.median, 0)} ms, n=${q.n}; ${round(q.median / p.median, 0)}× the push p50` },
    { section: SECTION, ...seedMetric, value: seed.mean, detail: `p95 ${round(seed.p95, 0)} ms over the same ${seed.n} transitions` },
  ];
}
