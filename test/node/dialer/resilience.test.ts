/**
 * The dial path when Genesys does not simply answer: a 429 on the POST, a POST whose outcome is
 * unknown (5xx, timeout) while the call was in fact created, and the notification socket dropping
 * mid-call. The simulator's clock is manual; the app runs on real time with short timers.
 */
import { describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../../src/shared/domain';
import { useDialerHarnesses, type DialerHarness, type HarnessOptions } from './support';

// A test that lowers the simulator's rate limit must not leave it lowered for the next one.
const files = useDialerHarnesses({ beforeStopping: (sim) => sim.control.setRequestsPerMinute(300) });
const harness = (options: HarnessOptions = {}): Promise<DialerHarness> => files.harness(options);

const postsFor = (h: DialerHarness, from: number) => h.requests('POST', /^\/api\/v2\/conversations\/calls(\/user\/[^/]+)?$/, from);

function conversationOf(call: CallSnapshot): string {
  if (!call.conversationId) throw new Error('the call has no conversation id');
  return call.conversationId;
}

/** Subscribes the agent's call topics ahead, so placing the call sends no subscription PUT that would spend the rate window. */
async function warmTopics(h: DialerHarness, agentId: string): Promise<void> {
  const watch = h.notifications?.watch('test-warm-up', [`v2.users.${agentId}.conversations`, `v2.users.${agentId}.conversations.calls`], () => undefined);
  await watch?.ready;
}

/**
 * Leaves the session's token one request short of the simulator's per-minute window, 2 s before
 * the window ends: the agent check passes and the POST gets 429 with Retry-After: 2.
 */
async function armRateLimitForThePost(h: DialerHarness, agentId: string): Promise<void> {
  files.simClock.advance(60_000); // a fresh window starts at the next request
  await h.session.request({ label: 'test.startWindow', priority: 'normal', idempotent: true }, (api) => api.users.getUser(agentId));
  files.simClock.advance(58_000);
  files.sim.control.setRequestsPerMinute(2);
}

describe('429 on the POST', () => {
  it('waits Retry-After with a countdown and retries exactly once', async () => {
    const h = await harness();
    const agentId = h.userId('Amara Okafor');
    await warmTopics(h, agentId);
    await armRateLimitForThePost(h, agentId);
    const from = files.sim.requestLog.length;
    const placing = h.dialer.place({ number: '+13175550170', agentId, source: 'dialpad' });
    const [callId] = await new Promise<string[]>((resolve) => {
      const stop = h.stateHub.subscribe(() => {
        const waiting = h.stateHub.app().calls.find((call) => call.retryAt !== undefined);
        if (waiting) {
          stop();
          resolve([waiting.id]);
        }
      });
    });
    const waiting = h.call(callId ?? '');
    expect(waiting?.phase).toBe('placing');
    const countdown = (waiting?.retryAt ?? 0) - Date.now();
    expect(countdown).toBeGreaterThan(1_000);
    expect(countdown).toBeLessThanOrEqual(2_000);
    expect(postsFor(h, from).map((r) => r.status)).toEqual([429]);
    files.simClock.advance(2_000); // the simulator's window ends as Retry-After said
    files.sim.control.setRequestsPerMinute(300);

    const outcome = await placing;
    if (outcome.status !== 'placed') throw new Error('not placed');
    expect(outcome.call.retryAt).toBeUndefined();
    expect(postsFor(h, from).map((r) => r.status)).toEqual([429, 200]);
    const call = await h.waitForCall(outcome.call.id, 'ringing', (c) => c.phase === 'ringingAgent');
    expect(call.retryAt).toBeUndefined();
    await h.dialer.hangUp(call.id);
    await h.waitForCall(call.id, 'ended', (c) => c.phase === 'ended');
  });

  it('cancels during the wait when hung up, without a second POST', async () => {
    const h = await harness();
    const agentId = h.userId('Hannah Schmidt');
    await warmTopics(h, agentId);
    await armRateLimitForThePost(h, agentId);
    const from = files.sim.requestLog.length;
    const placing = h.dialer.place({ number: '+13175550171', agentId, source: 'tray' });
    await h.waitFor('the retry countdown', () => h.stateHub.app().calls.some((call) => call.retryAt !== undefined));
    const waiting = h.stateHub.app().calls.find((call) => call.retryAt !== undefined);
    await h.dialer.hangUp(waiting?.id ?? '');
    const outcome = await placing;
    expect(outcome).toMatchObject({ status: 'placed', call: { phase: 'ended', endReason: 'cancelled' } });
    expect(postsFor(h, from).map((r) => r.status)).toEqual([429]);
    await h.waitFor('the recents outcome', () => h.recent(waiting?.id ?? '')?.outcome === 'cancelled');
    files.simClock.advance(2_000);
  });
});

describe('a POST whose outcome is unknown', () => {
  const callsTo = (number: string) => files.sim.control.listCalls().filter((call) => call.phoneNumber === number);

  it('5xx after Genesys created the call: finds it on the pushed events and adopts it (zero double dials)', async () => {
    const h = await harness();
    const from = files.sim.requestLog.length;
    files.sim.control.failNextCallCreation({ kind: 'serverError', status: 503 });
    const outcome = await h.dialer.place({ number: '+13175550172', agentId: h.userId('Priya Raman'), source: 'dialpad' });
    if (outcome.status !== 'placed') throw new Error('not placed');
    expect(postsFor(h, from).map((r) => r.status)).toEqual([503]);
    expect(callsTo('+13175550172')).toHaveLength(1);
    expect(outcome.call.conversationId).toBe(callsTo('+13175550172')[0]?.conversationId);
    expect(h.history(outcome.call.id).some((snapshot) => snapshot.reconciling === true)).toBe(true);
    expect(outcome.call.reconciling).toBeUndefined();

    const conversationId = conversationOf(outcome.call);
    await h.waitForCall(outcome.call.id, 'ringing', (c) => c.phase === 'ringingAgent');
    files.sim.control.advanceCall(conversationId);
    files.sim.control.advanceCall(conversationId);
    await h.waitForCall(outcome.call.id, 'connected', (c) => c.phase === 'connected');
    await h.dialer.hangUp(outcome.call.id);
    await h.waitForCall(outcome.call.id, 'ended', (c) => c.phase === 'ended');
    expect(postsFor(h, from)).toHaveLength(1);
    expect(callsTo('+13175550172')).toHaveLength(1);
    expect((await h.audit()).find((entry) => entry.event === 'call.placed')).toMatchObject({ outcome: 'reconciled', conversationId });
  });

  it('a timeout after Genesys created the call: same, never a second POST', async () => {
    const h = await harness({ sdkTimeoutMs: 400 });
    const from = files.sim.requestLog.length;
    files.sim.control.failNextCallCreation({ kind: 'slowResponse', delayMs: 10 * 60_000 });
    const outcome = await h.dialer.place({ number: '+13175550173', agentId: h.userId('Ahmed Hassan'), source: 'link' });
    if (outcome.status !== 'placed') throw new Error('not placed');
    expect(callsTo('+13175550173')).toHaveLength(1);
    expect(outcome.call.conversationId).toBe(callsTo('+13175550173')[0]?.conversationId);
    expect(postsFor(h, from).filter((r) => r.status === 200)).toHaveLength(0); // the one POST never answered in time
    expect(h.log.lines.some((line) => line.includes('had no clear answer'))).toBe(true);
    await h.waitForCall(outcome.call.id, 'ringing', (c) => c.phase === 'ringingAgent');
    await h.dialer.hangUp(outcome.call.id);
    await h.waitForCall(outcome.call.id, 'ended', (c) => c.phase === 'ended');
    expect(callsTo('+13175550173')).toHaveLength(1);
    files.simClock.advance(10 * 60_000); // lets the simulator release the held answer
  });
});

describe('the notification socket dropping mid-call', () => {
  // Reconnecting after 3 s leaves room for the 1 s and 2 s polls to be seen first.
  const slowReconnect: HarnessOptions = { hubLimits: { backoffMs: [3_000] } };

  async function connectedCall(h: DialerHarness, number: string, agent: string): Promise<CallSnapshot> {
    const outcome = await h.dialer.place({ number, agentId: h.userId(agent), source: 'dialpad' });
    if (outcome.status !== 'placed') throw new Error('not placed');
    const conversationId = conversationOf(outcome.call);
    await h.waitForCall(outcome.call.id, 'ringing', (c) => c.phase === 'ringingAgent');
    files.sim.control.advanceCall(conversationId);
    files.sim.control.advanceCall(conversationId);
    return h.waitForCall(outcome.call.id, 'connected on push', (c) => c.phase === 'connected' && c.monitoring === 'push');
  }

  it('polls while push is down, goes back to push when it returns, and the end still arrives', async () => {
    const h = await harness(slowReconnect);
    const call = await connectedCall(h, '+13175550174', 'Lukas Becker');
    const conversationId = conversationOf(call);
    const from = files.sim.requestLog.length;
    files.sim.control.dropSockets();
    await h.waitForCall(call.id, 'polling', (c) => c.monitoring === 'polling');
    const polled = new RegExp(`^/api/v2/conversations/calls/${conversationId}$`);
    await h.waitFor('a poll of the call', () => h.requests('GET', polled, from).length > 0);
    await h.waitForCall(call.id, 'push again', (c) => c.monitoring === 'push');
    expect(h.requests('HEAD', /^\/api\/v2\/notifications\/channels\//, from).map((r) => r.status)).toEqual([200]);

    const afterReconnect = files.sim.requestLog.length;
    files.sim.control.forceOutcome(conversationId, 'customerHangUp');
    const ended = await h.waitForCall(call.id, 'ended', (c) => c.phase === 'ended');
    expect(ended.endReason).toBe('hungUp');
    const modes = h.history(call.id).map((s) => s.monitoring).filter((m, i, all) => i === 0 || all[i - 1] !== m);
    expect(modes).toEqual(['none', 'push', 'polling', 'push', 'none']);
    // The end came on push: there was nothing left to poll. (At most the one gap re-read, which may land after the reconnect.)
    expect(h.requests('GET', polled, afterReconnect).length).toBeLessThanOrEqual(1);
  });

  it('delivers the end by polling when the call ends while push is down', async () => {
    const h = await harness(slowReconnect);
    const call = await connectedCall(h, '+13175550175', 'Aisha Bello');
    files.sim.control.dropSockets();
    await h.waitForCall(call.id, 'polling', (c) => c.monitoring === 'polling');
    files.sim.control.forceOutcome(conversationOf(call), 'customerHangUp');
    const ended = await h.waitForCall(call.id, 'ended', (c) => c.phase === 'ended');
    expect(ended.endReason).toBe('hungUp');
    const history = h.history(call.id);
    expect(history.at(-2)?.monitoring).toBe('polling');
    await h.waitFor('the recents outcome', () => h.recent(call.id)?.outcome === 'hungUp');
  });

  it('follows a call over REST alone when there is no notification hub', async () => {
    const h = await harness({ push: false });
    const outcome = await h.dialer.place({ number: '+13175550176', agentId: h.userId('Fatima Zahra'), source: 'dialpad' });
    if (outcome.status !== 'placed') throw new Error('not placed');
    const ringing = await h.waitForCall(outcome.call.id, 'ringing', (c) => c.phase === 'ringingAgent');
    expect(ringing.monitoring).toBe('polling');
    files.sim.control.forceOutcome(conversationOf(outcome.call), 'agentNoAnswer');
    const ended = await h.waitForCall(outcome.call.id, 'ended', (c) => c.phase === 'ended');
    expect(ended.endReason).toBe('agentNoAnswer');
  });
});
