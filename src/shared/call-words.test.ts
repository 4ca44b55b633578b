import { describe, expect, it } from 'vitest';
import { describeEnd, outcomeLabel } from './call-words';
import type { CallEndReason, CallOutcome } from './domain';

const reasons: CallEndReason[] = ['hungUp', 'busy', 'noAnswer', 'agentNoAnswer', 'unreachable', 'failed', 'cancelled'];
const outcomes: CallOutcome[] = [...reasons, 'inProgress', 'notPlaced'];

describe('outcomeLabel', () => {
  it('gives every outcome its own sentence-case label, so two outcomes never read the same', () => {
    const labels = outcomes.map(outcomeLabel);
    expect(new Set(labels).size).toBe(outcomes.length);
    for (const label of labels) expect(label).toMatch(/^[A-Z][a-z ]+$/);
  });

  it('tells an answered call from one hung up before anyone answered', () => {
    expect(outcomeLabel('hungUp')).toBe('Hung up after answering');
    expect(outcomeLabel('cancelled')).toBe('Cancelled');
  });
});

describe('describeEnd', () => {
  it('names the number or the agent the reason is about', () => {
    const names = { agentName: 'Ada Lovelace', number: '+44 20 7946 0958' };
    expect(describeEnd('busy', names)).toBe('+44 20 7946 0958 is busy.');
    expect(describeEnd('agentNoAnswer', names)).toBe('Ada Lovelace did not answer their phone, so the customer was never dialled.');
    for (const reason of reasons) expect(describeEnd(reason, names)).toMatch(/^\S.*\.$/);
  });
});
