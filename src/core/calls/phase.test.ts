import { describe, expect, it } from 'vitest';
import { advancePhase, derivePhase, dialsNumber, readConversation, type PhaseState } from './phase';

const AGENT = 'agent-1';
const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const iso = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();

interface LegSpec {
  state: string;
  disconnectType?: string;
  connectedAt?: number;
  endedAt?: number;
}

/** REST CallConversation and the flat `.conversations.calls` topic share this shape. */
function flat(agent: LegSpec, customer?: LegSpec): unknown {
  const leg = (id: string, purpose: string, spec: LegSpec, extra: Record<string, unknown>) => ({
    id,
    purpose,
    state: spec.state,
    disconnectType: spec.disconnectType,
    connectedTime: spec.connectedAt === undefined ? undefined : iso(spec.connectedAt),
    endTime: spec.endedAt === undefined ? undefined : iso(spec.endedAt),
    ...extra,
  });
  return {
    id: 'conv-1',
    participants: [
      leg('p-agent', 'agent', agent, { user: { id: AGENT }, address: 'sip:agent-1@localhost', dnis: 'tel:+13175550123' }),
      ...(customer ? [leg('p-customer', 'customer', customer, { address: 'tel:+13175550123' })] : []),
    ],
  };
}

/** `v2.users.{id}.conversations`: state nested in participants[].calls[]. */
function nested(agent: LegSpec, customer?: LegSpec): unknown {
  const leg = (id: string, purpose: string, spec: LegSpec, extra: Record<string, unknown>, self: string, other: string) => ({
    id,
    purpose,
    connectedTime: spec.connectedAt === undefined ? undefined : iso(spec.connectedAt),
    endTime: spec.endedAt === undefined ? undefined : iso(spec.endedAt),
    ...extra,
    calls: [
      {
        id: `${id}-call`,
        state: spec.state,
        disconnectType: spec.disconnectType,
        connectedTime: spec.connectedAt === undefined ? undefined : iso(spec.connectedAt),
        disconnectedTime: spec.endedAt === undefined ? undefined : iso(spec.endedAt),
        self: { addressNormalized: self },
        other: { addressNormalized: other },
      },
    ],
  });
  return {
    id: 'conv-1',
    participants: [
      leg('p-agent', 'agent', agent, { userId: AGENT }, 'sip:agent-1@localhost', 'tel:+13175550123'),
      ...(customer ? [leg('p-customer', 'customer', customer, {}, 'tel:+13175550123', 'sip:agent-1@localhost')] : []),
    ],
  };
}

const shapes = [
  ['flat (REST and .conversations.calls)', flat],
  ['nested (.conversations)', nested],
] as const;

function phaseOf(body: unknown, hangUpRequested = false) {
  const view = readConversation(body, AGENT);
  if (!view) throw new Error('not a conversation');
  return derivePhase(view, { hangUpRequested });
}

describe.each(shapes)('derivePhase from the %s shape', (_name, shape) => {
  it('follows ringing the agent → dialing the customer → connected', () => {
    expect(phaseOf(shape({ state: 'contacting' })).phase).toBe('ringingAgent');
    expect(phaseOf(shape({ state: 'alerting' })).phase).toBe('ringingAgent');
    expect(phaseOf(shape({ state: 'connected', connectedAt: 1000 })).phase).toBe('dialingCustomer');
    expect(phaseOf(shape({ state: 'connected', connectedAt: 1000 }, { state: 'dialing' })).phase).toBe('dialingCustomer');
    const connected = phaseOf(shape({ state: 'connected', connectedAt: 1000 }, { state: 'connected', connectedAt: 3000 }));
    expect(connected).toEqual({ phase: 'connected', connectedAt: T0 + 3000 });
  });

  const endings: [string, LegSpec, LegSpec | undefined, string][] = [
    [
      'answered then the customer hung up',
      { state: 'disconnected', disconnectType: 'peer', connectedAt: 1000, endedAt: 13000 },
      { state: 'disconnected', disconnectType: 'endpoint', connectedAt: 3000, endedAt: 13000 },
      'hungUp',
    ],
    [
      'answered then the agent hung up',
      { state: 'disconnected', disconnectType: 'endpoint', connectedAt: 1000, endedAt: 9000 },
      { state: 'disconnected', disconnectType: 'peer', connectedAt: 3000, endedAt: 9000 },
      'hungUp',
    ],
    [
      'busy customer',
      { state: 'disconnected', disconnectType: 'peer', connectedAt: 1000, endedAt: 4000 },
      { state: 'disconnected', disconnectType: 'endpoint', endedAt: 4000 },
      'busy',
    ],
    [
      'customer never answers',
      { state: 'disconnected', disconnectType: 'peer', connectedAt: 1000, endedAt: 31000 },
      { state: 'disconnected', disconnectType: 'system', endedAt: 31000 },
      'noAnswer',
    ],
    [
      'unreachable number',
      { state: 'disconnected', disconnectType: 'peer', connectedAt: 1000, endedAt: 1100 },
      { state: 'disconnected', disconnectType: 'transport.failure', endedAt: 1100 },
      'unreachable',
    ],
    ['agent never answers', { state: 'disconnected', disconnectType: 'system', endedAt: 30000 }, undefined, 'agentNoAnswer'],
    ['agent declines', { state: 'disconnected', disconnectType: 'endpoint', endedAt: 500 }, undefined, 'agentNoAnswer'],
    ['hung up through the API while the agent rang', { state: 'disconnected', disconnectType: 'client', endedAt: 500 }, undefined, 'cancelled'],
    [
      'agent hung up while the customer rang',
      { state: 'disconnected', disconnectType: 'endpoint', connectedAt: 1000, endedAt: 2000 },
      { state: 'disconnected', disconnectType: 'peer', endedAt: 2000 },
      'cancelled',
    ],
    [
      'agent station failure',
      { state: 'disconnected', disconnectType: 'transport.failure', endedAt: 200 },
      undefined,
      'failed',
    ],
  ];

  it.each(endings)('%s → %s', (_label, agent, customer, reason) => {
    const reading = phaseOf(shape(agent, customer));
    expect(reading.phase).toBe('ended');
    expect(reading.endReason).toBe(reason);
    expect(reading.endedAt).toBeGreaterThan(T0);
  });

  it('says cancelled when we asked to hang up before the customer answered, whatever the disconnect type', () => {
    const body = shape(
      { state: 'disconnected', disconnectType: 'endpoint', connectedAt: 1000, endedAt: 2000 },
      { state: 'disconnected', disconnectType: 'peer', endedAt: 2000 },
    );
    expect(phaseOf(body, true).endReason).toBe('cancelled');
  });

  it('says hungUp when we hung up an answered call', () => {
    const body = shape(
      { state: 'disconnected', disconnectType: 'client', connectedAt: 1000, endedAt: 9000 },
      { state: 'disconnected', disconnectType: 'peer', connectedAt: 3000, endedAt: 9000 },
    );
    expect(phaseOf(body, true)).toMatchObject({ phase: 'ended', endReason: 'hungUp', connectedAt: T0 + 3000 });
  });

  it('finds our number on the customer leg, or on the ringing agent leg before the customer is dialled', () => {
    const view = readConversation(shape({ state: 'connected' }, { state: 'dialing' }), AGENT);
    expect(view && dialsNumber(view, '+13175550123')).toBe(true);
    expect(view && dialsNumber(view, '+13175550124')).toBe(false);
    const ringing = readConversation(shape({ state: 'contacting' }), AGENT);
    expect(ringing && dialsNumber(ringing, '+13175550123')).toBe(true);
    expect(ringing && dialsNumber(ringing, '+13175550124')).toBe(false);
  });
});

describe('readConversation', () => {
  it('rejects bodies that are not conversations', () => {
    expect(readConversation(null)).toBeNull();
    expect(readConversation({ id: 'x' })).toBeNull();
    expect(readConversation({ participants: [] })).toBeNull();
    expect(readConversation('conv')).toBeNull();
  });

  it("picks the agent's leg by user id when another user takes part", () => {
    const view = readConversation(
      {
        id: 'c',
        participants: [
          { id: 'p-sup', purpose: 'user', userId: 'supervisor', state: 'connected' },
          { id: 'p-agent', purpose: 'agent', userId: AGENT, state: 'contacting' },
        ],
      },
      AGENT,
    );
    expect(view?.legs.map((leg) => leg.role)).toEqual(['other', 'agent']);
    expect(view && derivePhase(view, { hangUpRequested: false }).phase).toBe('ringingAgent');
  });

  it('reads a conversation without any participant yet as placing', () => {
    const view = readConversation({ id: 'c', participants: [] });
    expect(view && derivePhase(view, { hangUpRequested: false })).toEqual({ phase: 'placing' });
  });
});

describe('advancePhase never moves backwards', () => {
  const now = T0 + 60_000;

  it('keeps ended when a late read says connected', () => {
    const ended: PhaseState = { phase: 'ended', endReason: 'busy', endedAt: T0 + 4000 };
    expect(advancePhase(ended, { phase: 'connected' }, now)).toBe(ended);
    expect(advancePhase(ended, { phase: 'ended', endReason: 'hungUp' }, now)).toBe(ended);
  });

  it('keeps connected when a delayed event says ringing', () => {
    const connected: PhaseState = { phase: 'connected', connectedAt: T0 + 3000 };
    expect(advancePhase(connected, { phase: 'ringingAgent' }, now)).toBe(connected);
    expect(advancePhase(connected, { phase: 'dialingCustomer' }, now)).toBe(connected);
  });

  it('moves forward, keeps the first connect time and stamps missing times with now', () => {
    const ringing = advancePhase({ phase: 'placing' }, { phase: 'ringingAgent' }, now);
    expect(ringing).toEqual({ phase: 'ringingAgent' });
    const connected = advancePhase(ringing, { phase: 'connected' }, now);
    expect(connected).toEqual({ phase: 'connected', connectedAt: now });
    const ended = advancePhase(connected, { phase: 'ended', endReason: 'hungUp', connectedAt: T0 }, now + 5);
    expect(ended).toEqual({ phase: 'ended', endReason: 'hungUp', connectedAt: now, endedAt: now + 5 });
  });

  it('jumps straight to ended from placing', () => {
    expect(advancePhase({ phase: 'placing' }, { phase: 'ended', endReason: 'unreachable', endedAt: T0 }, now)).toEqual({
      phase: 'ended',
      endReason: 'unreachable',
      endedAt: T0,
    });
  });
});
