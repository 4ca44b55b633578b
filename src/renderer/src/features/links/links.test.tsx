import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { LinkState } from '../../../../shared/domain';
import { ok } from '../../../../shared/result';
import { installFakeSoftphone, makeAgent, makeCall, makeDirectory, makeSnapshot, signedIn } from '../../test/fake-api';
import { push, renderApp } from '../../test/render-app';

const agents = [makeAgent({ id: 'a1', name: 'Ada Lovelace' }), makeAgent({ id: 'a2', name: 'Alan Turing', presence: 'offline', presenceLabel: 'Offline', routingStatus: 'OFF_QUEUE' })];
const pending = { id: 'link-1', e164: '+442079460000', displayNumber: '+44 20 7946 0000', agentId: 'a1', receivedAt: 0, source: 'link' as const };

async function withLinks(links: LinkState) {
  const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session: signedIn, links }) });
  fake.handle('agents:getDirectory', () => ok(makeDirectory({ agents, seq: 1 })));
  fake.handle('links:confirm', () => ok({ status: 'placed', call: makeCall() }));
  fake.handle('links:dismiss', () => ok(undefined));
  fake.handle('dial:prepare', () => ok(undefined));
  await renderApp(fake);
  return fake;
}

describe('tel: link confirmation', () => {
  it('shows the number with the preset agent, and Enter confirms', async () => {
    const fake = await withLinks({ pending, droppedCount: 0 });
    const dialog = screen.getByRole('dialog', { name: 'Call this number?' });
    expect(dialog).toHaveTextContent('+44 20 7946 0000');
    expect(dialog).toHaveTextContent('+442079460000');
    expect(within(dialog).getByRole('combobox', { name: 'Agent' })).toHaveValue('Ada Lovelace');
    expect(within(dialog).getByRole('button', { name: 'Call' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(fake.argsOf('links:confirm')).toEqual([{ linkId: 'link-1', agentId: 'a1' }]));
    // The preset agent was prepared as soon as the dialog showed, as the dialer does on a pick.
    expect(fake.argsOf('dial:prepare')).toContainEqual({ agentId: 'a1' });
  });

  it('lets the user change the agent before confirming', async () => {
    const fake = await withLinks({ pending, droppedCount: 0 });
    const dialog = screen.getByRole('dialog', { name: 'Call this number?' });
    const picker = within(dialog).getByRole('combobox', { name: 'Agent' });
    await userEvent.clear(picker);
    await userEvent.type(picker, 'Alan');
    // Enter picks the option (it does not confirm the link while the list is open)…
    await userEvent.keyboard('{Enter}');
    expect(fake.argsOf('links:confirm')).toHaveLength(0);
    expect(picker).toHaveValue('Alan Turing');
    // …and the next Enter confirms.
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(fake.argsOf('links:confirm')).toEqual([{ linkId: 'link-1', agentId: 'a2' }]));
  });

  it('Escape dismisses, and closes only the agent list first when it is open', async () => {
    const fake = await withLinks({ pending, droppedCount: 0 });
    const dialog = screen.getByRole('dialog', { name: 'Call this number?' });
    const picker = within(dialog).getByRole('combobox', { name: 'Agent' });
    await userEvent.click(picker);
    await userEvent.keyboard('{ArrowDown}');
    expect(picker).toHaveAttribute('aria-expanded', 'true');
    await userEvent.keyboard('{Escape}');
    expect(picker).toHaveAttribute('aria-expanded', 'false');
    expect(fake.argsOf('links:dismiss')).toHaveLength(0);
    await userEvent.keyboard('{Escape}');
    expect(fake.argsOf('links:dismiss')).toEqual([{ linkId: 'link-1' }]);
  });

  it('says how many links were ignored while one waits, and goes away when main clears it', async () => {
    const fake = await withLinks({ pending, droppedCount: 3 });
    expect(screen.getByRole('dialog', { name: 'Call this number?' })).toHaveTextContent('3 more links were ignored while this one waits');
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(fake.argsOf('links:dismiss')).toEqual([{ linkId: 'link-1' }]);
    push(fake, 'app:snapshotChanged', makeSnapshot({ seq: 2, session: signedIn, links: { pending: null, droppedCount: 0 } }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('routes an agent warning through "Dial anyway" back to the link inbox, which clears the link', async () => {
    const fake = await withLinks({ pending: { ...pending, agentId: 'a2' }, droppedCount: 0 });
    fake.handle('links:confirm', (args) =>
      args.confirmWarnings ? ok({ status: 'placed', call: makeCall() }) : ok({ status: 'needsConfirmation', warnings: [{ code: 'agentOffline', message: 'Alan Turing is Offline.' }] }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Call' }));
    const warning = await screen.findByRole('alertdialog', { name: 'Dial anyway?' });
    expect(warning).toHaveTextContent('Alan Turing is Offline.');
    await userEvent.click(within(warning).getByRole('button', { name: 'Dial anyway' }));
    await waitFor(() =>
      expect(fake.argsOf('links:confirm')).toEqual([
        { linkId: 'link-1', agentId: 'a2' },
        { linkId: 'link-1', agentId: 'a2', confirmWarnings: true },
      ]),
    );
    expect(fake.argsOf('dial:place')).toHaveLength(0);
  });

  it('shows why a link was rejected', async () => {
    await withLinks({ pending: null, droppedCount: 0, lastRejection: { reason: 'it uses the javascript: scheme.', at: 5 } });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('That link was not a phone number: it uses the javascript: scheme.');
    await userEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
