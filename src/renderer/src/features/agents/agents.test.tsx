import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Agent } from '../../../../shared/domain';
import { ok } from '../../../../shared/result';
import { useStore } from '../../store';
import { installFakeSoftphone, makeAgent, makeDirectory, makeSnapshot, signedIn } from '../../test/fake-api';
import { push, renderApp } from '../../test/render-app';

const roster: Agent[] = Array.from({ length: 500 }, (_, i) =>
  makeAgent({
    id: `u${i}`,
    name: `Agent ${String(i).padStart(3, '0')}`,
    email: `agent${i}@example.com`,
    extension: String(1000 + i),
    ...(i % 4 === 0 ? { presence: 'offline', presenceLabel: 'Offline', routingStatus: 'OFF_QUEUE' } : {}),
  }),
);
const ada = makeAgent({ id: 'ada', name: 'Ada Lovelace', presence: 'away', presenceLabel: 'Away', routingStatus: 'OFF_QUEUE' });

async function openAgents(agents: Agent[] = [...roster, ada]) {
  const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session: signedIn }) });
  fake.handle('agents:getDirectory', () =>
    ok(makeDirectory({ agents, queues: [{ id: 'q1', name: 'Billing', memberCount: 2 }], groups: [{ id: 'g1', name: 'Night shift', memberCount: 1 }], seq: 1 })),
  );
  await renderApp(fake);
  await userEvent.click(screen.getByRole('tab', { name: 'Agents' }));
  return fake;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('agents panel', () => {
  it('virtualises the list and finds an agent by partial name as you type', async () => {
    await openAgents();
    const list = screen.getByRole('list', { name: 'Agents' });
    expect(within(list).getAllByRole('listitem').length).toBeLessThan(40);
    expect(screen.getByText('501 of 501 agents')).toBeInTheDocument();
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search agents' }), 'love');
    const rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('Ada Lovelace');
    expect(rows[0]).toHaveTextContent('Away · Off queue');
  });

  it('shows only the members of the chosen queue or group', async () => {
    const fake = await openAgents();
    fake.handle('agents:queueMembers', ({ queueId }) => ok(queueId === 'q1' ? ['ada', 'u7'] : []));
    fake.handle('agents:groupMembers', () => ok(['u3']));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Queue' }), 'q1');
    const list = screen.getByRole('list', { name: 'Agents' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(within(list).getAllByRole('listitem').map((row) => row.querySelector('.agent-name')?.textContent)).toEqual(['Agent 007', 'Ada Lovelace']);

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Group' }), 'g1');
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(screen.getByRole('combobox', { name: 'Queue' })).toHaveValue('');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Group' }), '');
    await waitFor(() => expect(screen.getByText('501 of 501 agents')).toBeInTheDocument());
  });

  it('updates a row in place when its presence is pushed', async () => {
    const fake = await openAgents();
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search agents' }), 'ada');
    const row = within(screen.getByRole('list', { name: 'Agents' })).getByRole('listitem');
    push(fake, 'agents:presenceChanged', { seq: 2, updates: [{ id: 'ada', presence: 'available', presenceLabel: 'Available', routingStatus: 'IDLE' }] });
    expect(row).toHaveTextContent('Available · Idle');
  });

  it('tells main which agents are on screen, once the view settles and only when it changes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session: signedIn }) });
    fake.handle('agents:getDirectory', () => ok(makeDirectory({ agents: [...roster, ada], seq: 1 })));
    await renderApp(fake);
    act(() => useStore.getState().setTab('agents'));
    await act(async () => vi.advanceTimersByTime(149));
    expect(fake.argsOf('agents:watch')).toHaveLength(0);
    await act(async () => vi.advanceTimersByTime(1));
    expect(fake.argsOf('agents:watch')).toHaveLength(1);
    const first = fake.argsOf('agents:watch')[0]?.ids ?? [];
    expect(first.length).toBeGreaterThan(3);
    expect(first.length).toBeLessThan(40);

    // A re-render with the same rows on screen sends nothing new.
    push(fake, 'agents:presenceChanged', { seq: 2, updates: [{ id: 'u1', presence: 'busy', presenceLabel: 'Busy', routingStatus: 'INTERACTING' }] });
    await act(async () => vi.advanceTimersByTime(500));
    expect(fake.argsOf('agents:watch')).toHaveLength(1);

    const search = screen.getByRole('searchbox', { name: 'Search agents' });
    fireEvent.change(search, { target: { value: 'a' } });
    fireEvent.change(search, { target: { value: 'ad' } });
    fireEvent.change(search, { target: { value: 'ada' } });
    await act(async () => vi.advanceTimersByTime(150));
    expect(fake.argsOf('agents:watch')).toEqual([{ ids: first }, { ids: ['ada'] }]);
  });

  it('pins favourites and toggles them from the row', async () => {
    const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session: signedIn, settings: { ...makeSnapshot().settings, favoriteAgentIds: ['u499'] } }) });
    fake.handle('agents:getDirectory', () => ok(makeDirectory({ agents: roster, seq: 1 })));
    fake.handle('agents:toggleFavorite', () => ok(makeSnapshot().settings));
    await renderApp(fake);
    await userEvent.click(screen.getByRole('tab', { name: 'Agents' }));
    const [first] = within(screen.getByRole('list', { name: 'Agents' })).getAllByRole('listitem');
    expect(first).toHaveTextContent('Agent 499');
    const star = within(first as HTMLElement).getByRole('button', { name: 'Favourite Agent 499' });
    expect(star).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(star);
    expect(fake.argsOf('agents:toggleFavorite')).toEqual([{ agentId: 'u499' }]);
  });

  it('picks the agent for the dialer from a row', async () => {
    await openAgents();
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search agents' }), 'ada');
    await userEvent.click(screen.getByRole('button', { name: 'Dial as Ada Lovelace' }));
    expect(screen.getByRole('tab', { name: 'Dial' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('combobox', { name: 'Agent' })).toHaveValue('Ada Lovelace');
  });
});
