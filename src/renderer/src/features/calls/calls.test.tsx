import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallSnapshot } from '../../../../shared/domain';
import { ok } from '../../../../shared/result';
import { installFakeSoftphone, makeCall, makeSnapshot, signedIn, type FakeSoftphone } from '../../test/fake-api';
import { push, renderApp } from '../../test/render-app';

let seq = 1;
function showCalls(fake: FakeSoftphone, ...calls: CallSnapshot[]) {
  push(fake, 'app:snapshotChanged', makeSnapshot({ seq: ++seq, session: signedIn, calls }));
}

async function setup() {
  const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session: signedIn }) });
  fake.handle('calls:hangUp', () => ok(undefined));
  fake.handle('calls:dismiss', () => ok(undefined));
  await renderApp(fake);
  return fake;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('active call view', () => {
  it('follows the phases in words and hangs up', async () => {
    const fake = await setup();
    expect(screen.queryByRole('region', { name: 'Active call' })).not.toBeInTheDocument();

    showCalls(fake, makeCall({ phase: 'ringingAgent' }));
    const region = screen.getByRole('region', { name: 'Active call' });
    expect(region).toHaveTextContent("Ringing Ada Lovelace's phone");
    expect(region).toHaveTextContent("Leg 1 of 2: Ada Lovelace's phone rings first");
    await userEvent.click(within(region).getByRole('button', { name: 'Hang up' }));
    expect(fake.argsOf('calls:hangUp')).toEqual([{ callId: 'call-1' }]);

    showCalls(fake, makeCall({ phase: 'dialingCustomer' }));
    expect(region).toHaveTextContent('Dialing the customer');
    expect(region).toHaveTextContent('Leg 2 of 2: calling +44 20 7946 0000');

    showCalls(fake, makeCall({ phase: 'ended', endReason: 'busy', endMessage: 'The customer’s line was busy.' }));
    expect(region).toHaveTextContent('Ended — busy');
    expect(region).toHaveTextContent('The customer’s line was busy.');
    expect(within(region).queryByRole('button', { name: 'Hang up' })).not.toBeInTheDocument();
    await userEvent.click(within(region).getByRole('button', { name: 'Dismiss' }));
    expect(fake.argsOf('calls:dismiss')).toEqual([{ callId: 'call-1' }]);
  });

  it('counts the time from connect', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(Date.UTC(2026, 11, 1, 10, 0, 0));
    const fake = await setup();
    showCalls(fake, makeCall({ phase: 'connected', connectedAt: Date.now() - 12_000 }));
    const region = screen.getByRole('region', { name: 'Active call' });
    expect(region).toHaveTextContent('Connected 00:12');
    act(() => vi.advanceTimersByTime(3_000));
    expect(region).toHaveTextContent('Connected 00:15');
  });

  it('shows the Retry-After countdown and the reconciliation check', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(Date.UTC(2026, 11, 1, 10, 0, 0));
    const fake = await setup();
    showCalls(fake, makeCall({ phase: 'placing', retryAt: Date.now() + 12_000 }));
    const region = screen.getByRole('region', { name: 'Active call' });
    expect(region).toHaveTextContent('Genesys asked us to wait — retrying in 12 s');
    act(() => vi.advanceTimersByTime(2_000));
    expect(region).toHaveTextContent('retrying in 10 s');

    showCalls(fake, makeCall({ phase: 'placing', reconciling: true }));
    expect(region).toHaveTextContent('Checking whether the call was placed…');
    expect(region).not.toHaveTextContent('retrying');
  });

  it('shows one region per call, and a call placed from the user’s own phone', async () => {
    const fake = await setup();
    showCalls(fake, makeCall({ id: 'x', phase: 'ringingAgent', agent: null }), makeCall({ id: 'y', phase: 'ended', endReason: 'hungUp' }));
    const regions = screen.getAllByRole('region', { name: 'Active call' });
    expect(regions).toHaveLength(2);
    expect(regions[0]).toHaveTextContent('Ringing your phone');
    expect(regions[1]).toHaveTextContent('Ended — hung up after answering');
  });

  it('says how a call ended in the words the Recent calls list uses', async () => {
    const fake = await setup();
    showCalls(fake, makeCall({ phase: 'ended', endReason: 'agentNoAnswer' }), makeCall({ id: 'y', phase: 'ended', endReason: 'unreachable' }));
    const regions = screen.getAllByRole('region', { name: 'Active call' });
    expect(regions[0]).toHaveTextContent('Ended — agent did not answer');
    expect(regions[1]).toHaveTextContent('Ended — number unreachable');
  });
});
