import { describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../shared/domain';
import { callNotifications, type AttentionState } from './notifications';

const away: AttentionState = { enabled: true, windowVisible: false, windowFocused: false };

function call(patch: Partial<CallSnapshot>): CallSnapshot {
  return {
    id: 'c1',
    e164: '+12015550123',
    displayNumber: '+1 201 555 0123',
    agent: { id: 'a1', name: 'Jane Doe' },
    source: 'link',
    phase: 'dialingCustomer',
    requestedAt: 0,
    monitoring: 'push',
    ...patch,
  };
}

describe('callNotifications', () => {
  it('connected', () => {
    expect(callNotifications([call({})], [call({ phase: 'connected' })], away)).toEqual([{ callId: 'c1', title: 'Call connected', body: '+1 201 555 0123 for Jane Doe' }]);
  });

  it('ended after talking, with the duration', () => {
    const before = call({ phase: 'connected', connectedAt: 1_000 });
    const after = call({ phase: 'ended', endReason: 'hungUp', connectedAt: 1_000, endedAt: 126_000 });
    expect(callNotifications([before], [after], away)).toEqual([{ callId: 'c1', title: 'Call ended', body: '+1 201 555 0123 for Jane Doe after 2:05' }]);
  });

  it('failed outcomes say what happened', () => {
    const before = call({ phase: 'dialingCustomer' });
    expect(callNotifications([before], [call({ phase: 'ended', endReason: 'busy' })], away)[0]?.title).toBe('Line busy');
    expect(callNotifications([before], [call({ phase: 'ended', endReason: 'agentNoAnswer' })], away)[0]?.title).toBe('The agent did not answer');
    expect(callNotifications([before], [call({ phase: 'ended', endReason: 'failed', endMessage: 'Genesys refused the call' })], away)[0]).toMatchObject({
      title: 'Call failed',
      body: '+1 201 555 0123 for Jane Doe — Genesys refused the call',
    });
  });

  it('nothing for a cancel, an unchanged phase, intermediate phases or a call first seen ended', () => {
    expect(callNotifications([call({})], [call({ phase: 'ended', endReason: 'cancelled' })], away)).toEqual([]);
    expect(callNotifications([call({ phase: 'connected' })], [call({ phase: 'connected' })], away)).toEqual([]);
    expect(callNotifications([call({ phase: 'placing' })], [call({ phase: 'ringingAgent' })], away)).toEqual([]);
    expect(callNotifications([], [call({ phase: 'ended', endReason: 'busy' })], away)).toEqual([]);
  });

  it('a new call that connects straight away still notifies', () => {
    expect(callNotifications([], [call({ phase: 'connected' })], away)).toHaveLength(1);
  });

  it('only when the window is hidden or not focused, and only when enabled', () => {
    const change: [CallSnapshot[], CallSnapshot[]] = [[call({})], [call({ phase: 'connected' })]];
    expect(callNotifications(...change, { enabled: true, windowVisible: true, windowFocused: true })).toEqual([]);
    expect(callNotifications(...change, { enabled: true, windowVisible: true, windowFocused: false })).toHaveLength(1);
    expect(callNotifications(...change, { enabled: true, windowVisible: false, windowFocused: true })).toHaveLength(1);
    expect(callNotifications(...change, { enabled: false, windowVisible: false, windowFocused: false })).toEqual([]);
  });

  it('never shows more of the number than the app displays, and no agent when there is none', () => {
    const [n] = callNotifications([call({ agent: null, displayNumber: '(201) 555-0123' })], [call({ phase: 'connected', agent: null, displayNumber: '(201) 555-0123' })], away);
    expect(n?.body).toBe('(201) 555-0123');
    expect(n?.body).not.toContain('+12015550123');
  });
});
