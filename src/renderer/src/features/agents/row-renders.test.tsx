import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type * as ReactVirtual from '@tanstack/react-virtual';
import { Profiler } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ok } from '../../../../shared/result';
import { startBridge } from '../../store/bridge';
import { installFakeSoftphone, makeAgent, makeDirectory, makeSnapshot, signedIn } from '../../test/fake-api';
import { push, renderApp } from '../../test/render-app';
import { AgentRow } from './AgentsPanel';

// Every render of the list component calls useVirtualizer once: counting the calls counts the
// list's renders, which must not happen on a presence push.
const virtualizerCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('@tanstack/react-virtual', async (importOriginal) => {
  const original = await importOriginal<typeof ReactVirtual>();
  return {
    ...original,
    useVirtualizer: ((options) => {
      virtualizerCalls.count += 1;
      return original.useVirtualizer(options);
    }) as typeof original.useVirtualizer,
  };
});

const roster = Array.from({ length: 200 }, (_, i) => makeAgent({ id: `u${i}`, name: `Agent ${String(i).padStart(3, '0')}` }));

describe('presence updates', () => {
  it('re-render only the row they touch', async () => {
    const fake = installFakeSoftphone();
    fake.handle('agents:getDirectory', () => ok(makeDirectory({ agents: roster.slice(0, 3), seq: 1 })));
    await act(() => startBridge(fake.api).ready);
    const renders = new Map<string, number>();
    const count = (id: string) => renders.set(id, (renders.get(id) ?? 0) + 1);
    render(
      <ul>
        {['u0', 'u1', 'u2'].map((id, index) => (
          <Profiler key={id} id={id} onRender={count}>
            <AgentRow agentId={id} top={index * 56} position={index + 1} total={3} />
          </Profiler>
        ))}
      </ul>,
    );
    const before = new Map(renders);
    push(fake, 'agents:presenceChanged', { seq: 2, updates: [{ id: 'u1', presence: 'busy', presenceLabel: 'Busy', routingStatus: 'INTERACTING' }] });
    expect(renders.get('u1')).toBe((before.get('u1') ?? 0) + 1);
    expect(renders.get('u0')).toBe(before.get('u0'));
    expect(renders.get('u2')).toBe(before.get('u2'));
    expect(screen.getByText('Busy · Interacting')).toBeInTheDocument();

    // A stale push (older than what is held) changes nothing at all.
    push(fake, 'agents:presenceChanged', { seq: 1, updates: [{ id: 'u1', presence: 'offline', presenceLabel: 'Offline', routingStatus: 'OFF_QUEUE' }] });
    expect(renders.get('u1')).toBe((before.get('u1') ?? 0) + 1);
  });

  it('do not re-render the list around the rows, except once to offer a re-sort', async () => {
    const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session: signedIn }) });
    fake.handle('agents:getDirectory', () => ok(makeDirectory({ agents: roster, seq: 1 })));
    await renderApp(fake);
    await userEvent.click(screen.getByRole('tab', { name: 'Agents' }));
    const settled = virtualizerCalls.count;
    expect(settled).toBeGreaterThan(0);

    // Same availability tier (routing status only): the row changes, the list does not.
    push(fake, 'agents:presenceChanged', { seq: 2, updates: [{ id: 'u1', presence: 'available', presenceLabel: 'Available', routingStatus: 'INTERACTING' }] });
    expect(screen.getByText('Available · Interacting')).toBeInTheDocument();
    expect(virtualizerCalls.count).toBe(settled);

    // A tier change makes the order stale: the list renders once to offer the re-sort…
    push(fake, 'agents:presenceChanged', { seq: 3, updates: [{ id: 'u1', presence: 'offline', presenceLabel: 'Offline', routingStatus: 'OFF_QUEUE' }] });
    expect(screen.getByRole('button', { name: 'Sort by current availability' })).toBeInTheDocument();
    const offered = virtualizerCalls.count;
    expect(offered).toBe(settled + 1);
    // …and not again for further changes; the rows did not move.
    push(fake, 'agents:presenceChanged', { seq: 4, updates: [{ id: 'u2', presence: 'busy', presenceLabel: 'Busy', routingStatus: 'INTERACTING' }] });
    expect(virtualizerCalls.count).toBe(offered);
    const names = () => screen.getAllByRole('listitem').map((row) => row.querySelector('.agent-name')?.textContent);
    expect(names().slice(0, 3)).toEqual(['Agent 000', 'Agent 001', 'Agent 002']);

    await userEvent.click(screen.getByRole('button', { name: 'Sort by current availability' }));
    expect(names().slice(0, 2)).toEqual(['Agent 000', 'Agent 003']);
    expect(names()).not.toContain('Agent 001');
    expect(screen.queryByRole('button', { name: 'Sort by current availability' })).not.toBeInTheDocument();

    // A new directory (a real change of rows) re-renders the list, of course.
    push(fake, 'agents:directoryChanged', makeDirectory({ agents: roster.slice(0, 10), seq: 5 }));
    expect(virtualizerCalls.count).toBeGreaterThan(offered + 1);
  });
});
