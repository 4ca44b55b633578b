/**
 * Recents and the call view never disagree: whenever a call's ended snapshot goes out, its Recent
 * calls entry already holds the terminal outcome (a renderer, or main's `recents:get`, that reacts
 * to the end must not read `inProgress`), and the audit trail ends the attempt too. Each hang-up
 * phase, a call that ends on its own, and many calls in a row, against the simulator; plus a disk
 * that never finishes a write, which must not hold the outcome back.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/core/audit/trail';
import { realClock } from '../../../src/core/clock';
import { createDialer } from '../../../src/core/dialer/service';
import type { RecentsStore } from '../../../src/core/recents/store';
import { AppError } from '../../../src/shared/result';
import type { AppSnapshot, CallEndReason, CallSnapshot, RecentCall } from '../../../src/shared/domain';
import { useDialerHarnesses, type DialerHarness } from './support';

const files = useDialerHarnesses();

interface Watched {
  h: DialerHarness;
  /** The call's Recent calls entry as it stood when its first ended snapshot was published. */
  atEnd: Map<string, RecentCall | undefined>;
}

/** Reads recents synchronously inside the hub's listener: exactly what a renderer reacting to the end would see. */
function watchEnds(h: DialerHarness, read: (callId: string) => RecentCall | undefined = (id) => h.recent(id)): Watched {
  const atEnd = new Map<string, RecentCall | undefined>();
  h.stateHub.subscribe((channel, payload) => {
    if (channel !== 'app:snapshotChanged') return;
    for (const call of (payload as AppSnapshot).calls) {
      if (call.phase === 'ended' && !atEnd.has(call.id)) atEnd.set(call.id, read(call.id));
    }
  });
  return { h, atEnd };
}

async function harness(): Promise<Watched> {
  return watchEnds(await files.harness());
}

const agentIds = (h: DialerHarness): string[] => ['Amara Okafor', 'Hannah Schmidt', 'Fatima Zahra', 'Ravi Patel'].map((name) => h.userId(name));

/** Starts a dial and resolves with the call's id as soon as it is shown (before Genesys has answered the POST). */
async function dial(h: DialerHarness, number: string, agentId: string): Promise<{ id: string; placing: Promise<unknown> }> {
  const known = new Set(h.stateHub.app().calls.map((call) => call.id));
  const placing = h.dialer.place({ number, agentId, source: 'dialpad' });
  placing.catch(() => undefined);
  const fresh = (): CallSnapshot | undefined => h.stateHub.app().calls.find((call) => !known.has(call.id) && call.agent?.id === agentId);
  await h.waitFor(`the call to ${number} to be shown`, () => fresh() !== undefined);
  return { id: fresh()?.id ?? '', placing };
}

const conversationOf = (h: DialerHarness, id: string): string => {
  const conversationId = h.call(id)?.conversationId;
  if (!conversationId) throw new Error(`call ${id} has no conversation id`);
  return conversationId;
};

const ended = (h: DialerHarness, id: string): Promise<CallSnapshot> => h.waitForCall(id, 'the end', (call) => call.phase === 'ended');

/** The audit trail is appended asynchronously: read it until the attempt's end is there (bounded). */
async function auditFor(h: DialerHarness, id: string, conversationId: string | undefined, timeoutMs = 5_000): Promise<AuditEntry[]> {
  const deadline = Date.now() + timeoutMs;
  const e164 = h.call(id)?.e164;
  for (;;) {
    const entries = (await h.audit()).filter((entry) =>
      conversationId !== undefined ? entry.conversationId === conversationId : entry.e164 === e164 && entry.conversationId === undefined,
    );
    if (entries.some((entry) => entry.event !== 'call.placed') || Date.now() > deadline) return entries;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The invariant: the entry was final when the end was shown, and the audit trail closes the attempt with the same outcome. */
async function expectConsistentEnd(w: Watched, id: string, reason: CallEndReason): Promise<void> {
  const { h } = w;
  const call = await ended(h, id);
  expect(call.endReason).toBe(reason);
  expect(w.atEnd.get(id), `recents entry of ${id} when its end was published`).toMatchObject({
    outcome: reason,
    endedAt: call.endedAt,
    detail: call.endMessage,
    ...(call.conversationId !== undefined ? { conversationId: call.conversationId } : {}),
    ...(call.connectedAt !== undefined ? { connectedAt: call.connectedAt } : {}),
  });
  expect(h.recent(id)?.outcome).toBe(reason);
  const audit = await auditFor(h, id, call.conversationId);
  if (call.conversationId !== undefined) {
    expect(audit.map((entry) => [entry.event, entry.outcome])).toEqual([
      ['call.placed', 'placed'],
      ['call.ended', reason],
    ]);
  } else {
    expect(audit.map((entry) => [entry.event, entry.outcome])).toEqual([['call.failed', reason]]);
  }
}

describe('recents hold the outcome as soon as a call is shown as ended', () => {
  it('hung up while Genesys has not yet answered the POST', async () => {
    const w = await harness();
    const [agent] = agentIds(w.h);
    files.sim.control.failNextCallCreation({ kind: 'slowResponse', delayMs: 2_000 });
    const { id, placing } = await dial(w.h, '+13175550201', agent ?? '');
    await w.h.waitFor('the POST to reach the simulator', () => files.sim.control.listCalls().some((call) => call.phoneNumber === '+13175550201'));
    await w.h.dialer.hangUp(id);
    files.simClock.advance(2_000); // the held answer goes out; the dialer hangs up the call it now knows
    await placing;
    await expectConsistentEnd(w, id, 'cancelled');
  });

  it("hung up while the agent's phone rings, while the customer is dialled, and once connected", async () => {
    const w = await harness();
    const [first, second, third] = agentIds(w.h);

    const ringing = await dial(w.h, '+13175550202', first ?? '');
    await ringing.placing;
    await w.h.waitForCall(ringing.id, 'ringing', (call) => call.phase === 'ringingAgent');
    await w.h.dialer.hangUp(ringing.id);
    await expectConsistentEnd(w, ringing.id, 'cancelled');

    const dialling = await dial(w.h, '+13175550203', second ?? '');
    await dialling.placing;
    files.sim.control.advanceCall(conversationOf(w.h, dialling.id)); // the agent answers
    await w.h.waitForCall(dialling.id, 'dialling the customer', (call) => call.phase === 'dialingCustomer');
    await w.h.dialer.hangUp(dialling.id);
    await expectConsistentEnd(w, dialling.id, 'cancelled');

    const connected = await dial(w.h, '+13175550204', third ?? '');
    await connected.placing;
    files.sim.control.advanceCall(conversationOf(w.h, connected.id));
    files.sim.control.advanceCall(conversationOf(w.h, connected.id)); // the customer answers
    await w.h.waitForCall(connected.id, 'connected', (call) => call.phase === 'connected');
    await w.h.dialer.hangUp(connected.id);
    await expectConsistentEnd(w, connected.id, 'hungUp');
  });

  it('a call that ends by itself (…4444 hangs up 5 s after connecting) and a busy line', async () => {
    const w = await harness();
    const [first, second] = agentIds(w.h);

    const selfEnding = await dial(w.h, '+13175554444', first ?? '');
    await selfEnding.placing;
    await w.h.waitForCall(selfEnding.id, 'ringing', (call) => call.phase === 'ringingAgent');
    files.simClock.advance(1_000); // the agent's station answers by itself
    await w.h.waitForCall(selfEnding.id, 'dialling the customer', (call) => call.phase === 'dialingCustomer');
    files.simClock.advance(2_000); // the customer answers
    await w.h.waitForCall(selfEnding.id, 'connected', (call) => call.phase === 'connected');
    files.simClock.advance(5_000); // …and hangs up
    await expectConsistentEnd(w, selfEnding.id, 'hungUp');

    const busy = await dial(w.h, '+13175551111', second ?? '');
    await busy.placing;
    files.sim.control.advanceCall(conversationOf(w.h, busy.id));
    await w.h.waitForCall(busy.id, 'dialling the customer', (call) => call.phase === 'dialingCustomer');
    files.sim.control.advanceCall(conversationOf(w.h, busy.id));
    await expectConsistentEnd(w, busy.id, 'busy');
  });

  it('many calls in a row, each ended a different way, leave no entry in progress', async () => {
    const w = await harness();
    const agents = agentIds(w.h);
    const ids: string[] = [];
    for (let n = 0; n < 12; n++) {
      const agent = agents[n % agents.length] ?? '';
      const kind = n % 3;
      const number = kind === 2 ? '+13175554444' : `+131755503${String(n).padStart(2, '0')}`;
      const { id, placing } = await dial(w.h, number, agent);
      ids.push(id);
      if (kind === 0) {
        // Straight away, while the POST may still be in flight.
        await w.h.dialer.hangUp(id);
        await placing;
        await expectConsistentEnd(w, id, 'cancelled');
      } else if (kind === 1) {
        await placing;
        const conversationId = conversationOf(w.h, id);
        files.sim.control.advanceCall(conversationId);
        files.sim.control.advanceCall(conversationId);
        await w.h.waitForCall(id, 'connected', (call) => call.phase === 'connected');
        await w.h.dialer.hangUp(id);
        await expectConsistentEnd(w, id, 'hungUp');
      } else {
        await placing;
        const conversationId = conversationOf(w.h, id);
        for (let step = 0; step < 3; step++) files.sim.control.advanceCall(conversationId);
        await expectConsistentEnd(w, id, 'hungUp');
      }
      w.h.dialer.dismiss(id);
    }
    expect(ids.map((id) => w.h.recent(id)?.outcome).filter((outcome) => outcome === 'inProgress' || outcome === undefined)).toEqual([]);
  });
});

describe('a disk that does not finish writing', () => {
  /** A recents store that applies changes in memory at once (as the real one does) but never completes a write. */
  function stalledStore(): { store: Pick<RecentsStore, 'add' | 'update'>; entries: Map<string, RecentCall> } {
    const entries = new Map<string, RecentCall>();
    const never = new Promise<void>(() => undefined);
    return {
      entries,
      store: {
        add(entry) {
          entries.set(entry.id, entry);
          return never;
        },
        update(id, patch) {
          const existing = entries.get(id);
          if (!existing) return Promise.reject(new AppError('recentNotFound', 'That recent call is no longer in the list.'));
          entries.set(id, { ...existing, ...patch });
          return never;
        },
      },
    };
  }

  it('still records the outcome of the call, and the audit trail still ends it', async () => {
    const base = await files.harness();
    const stalled = stalledStore();
    const audit: AuditEntry[] = [];
    const dialer = createDialer({
      session: () => base.session,
      notifications: () => base.notifications,
      settings: { get: () => base.stateHub.app().settings },
      recents: stalled.store,
      audit: {
        record: async (entry) => {
          audit.push(entry);
        },
      },
      hub: base.stateHub,
      clock: realClock,
      log: base.log,
      newId: () => 'stalled-1',
    });
    const w = watchEnds(base, (id) => stalled.entries.get(id));
    const outcome = await dialer.place({ number: '+13175554444', agentId: agentIds(base)[0], source: 'dialpad' });
    if (outcome.status !== 'placed') throw new Error('not placed');
    const conversationId = outcome.call.conversationId ?? '';
    for (let step = 0; step < 3; step++) files.sim.control.advanceCall(conversationId);
    const call = await ended(base, 'stalled-1');
    expect(call.endReason).toBe('hungUp');
    expect(w.atEnd.get('stalled-1')).toMatchObject({ outcome: 'hungUp', conversationId, endedAt: call.endedAt });
    expect(audit.map((entry) => [entry.event, entry.outcome])).toEqual([
      ['call.placed', 'placed'],
      ['call.ended', 'hungUp'],
    ]);
  });
});
