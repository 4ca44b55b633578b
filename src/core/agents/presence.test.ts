import { describe, expect, it } from 'vitest';
import { changeFromEvent, isAwayFromDesk, normalizePresence, normalizeRoutingStatus, presenceFromDefinition, presenceTopics } from './presence';

describe('normalizePresence', () => {
  it.each([
    ['On Queue', 'onQueue'],
    ['ON_QUEUE', 'onQueue'],
    ['onqueue', 'onQueue'],
    ['OnQueue', 'onQueue'],
    ['AVAILABLE', 'available'],
    ['Available', 'available'],
    [' break ', 'break'],
    ['MEAL', 'meal'],
    ['Offline', 'offline'],
  ])('%s → %s', (raw, key) => {
    expect(normalizePresence(raw)).toBe(key);
  });

  it('answers unknown for names Genesys does not define and for nothing at all', () => {
    expect(normalizePresence('Lunch')).toBe('unknown');
    expect(normalizePresence('')).toBe('unknown');
    expect(normalizePresence(undefined)).toBe('unknown');
  });
});

describe('isAwayFromDesk', () => {
  it('is true for the presences that mean nobody is at the desk, and only those', () => {
    const away = (['available', 'away', 'busy', 'offline', 'idle', 'onQueue', 'meal', 'training', 'meeting', 'break', 'unknown'] as const).filter(isAwayFromDesk);
    expect(away).toEqual(['away', 'idle', 'meal', 'training', 'meeting', 'break']);
  });
});

describe('normalizeRoutingStatus', () => {
  it('accepts the five statuses in any case and rejects the rest', () => {
    expect(normalizeRoutingStatus('NOT_RESPONDING')).toBe('NOT_RESPONDING');
    expect(normalizeRoutingStatus('not responding')).toBe('NOT_RESPONDING');
    expect(normalizeRoutingStatus('idle')).toBe('IDLE');
    expect(normalizeRoutingStatus('WRAPUP')).toBe('unknown');
    expect(normalizeRoutingStatus(undefined)).toBe('unknown');
  });
});

describe('presenceFromDefinition', () => {
  const labels = new Map([['coffee-id', 'Coffee']]);
  it("uses the org's label for a secondary presence and the system name otherwise", () => {
    expect(presenceFromDefinition({ id: 'coffee-id', systemPresence: 'Break' }, labels)).toEqual({ presence: 'break', presenceLabel: 'Coffee' });
    expect(presenceFromDefinition({ id: 'other', systemPresence: 'ON_QUEUE' }, labels)).toEqual({ presence: 'onQueue', presenceLabel: 'On Queue' });
  });
});

describe('changeFromEvent', () => {
  const labels = new Map<string, string>();
  it('reads a presence event (push spells presences in capitals)', () => {
    const body = { source: 'PURECLOUD', presenceDefinition: { id: 'x', systemPresence: 'ON_QUEUE' }, primary: true };
    expect(changeFromEvent('v2.users.u1.presence', body, labels)).toEqual({ id: 'u1', presence: 'onQueue', presenceLabel: 'On Queue' });
  });

  it('reads a routing status event and matches the topic name without case', () => {
    const body = { id: 'u1', routingStatus: { status: 'INTERACTING', startTime: '2026-01-01T00:00:00Z' } };
    expect(changeFromEvent('V2.USERS.u1.ROUTINGSTATUS', body, labels)).toEqual({ id: 'u1', routingStatus: 'INTERACTING' });
  });

  it('ignores other topics and bodies without state', () => {
    expect(changeFromEvent('v2.users.u1.conversations', {}, labels)).toBeUndefined();
    expect(changeFromEvent('v2.users.u1.presence', { message: 'hi' }, labels)).toBeUndefined();
    expect(changeFromEvent('v2.users.u1.routingStatus', 'nonsense', labels)).toBeUndefined();
  });

  it('builds the two topics the hub subscribes per agent', () => {
    expect(presenceTopics('u1')).toEqual(['v2.users.u1.presence', 'v2.users.u1.routingStatus']);
  });
});
