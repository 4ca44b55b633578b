import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ok } from '../../shared/result';
import { hasSoftphone, softphone } from './api';
import { useStore } from './store';
import { installFakeSoftphone, makeAgent, makeDirectory, makeSnapshot, signedIn } from './test/fake-api';
import { push, renderApp } from './test/render-app';

describe('app shell', () => {
  it('moves between tabs with the arrow keys, Home and End', async () => {
    const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session: signedIn }) });
    await renderApp(fake);
    const dial = screen.getByRole('tab', { name: 'Dial' });
    expect(screen.getByRole('tabpanel', { name: 'Dial' })).toContainElement(screen.getByRole('textbox', { name: 'Phone number' }));
    act(() => dial.focus());
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Agents' })).toHaveFocus();
    expect(screen.getByRole('tab', { name: 'Agents' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Agents' })).toBeInTheDocument();
    await userEvent.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'Connections' })).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Dial' })).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}{Home}');
    expect(screen.getByRole('tab', { name: 'Dial' })).toHaveAttribute('aria-selected', 'true');
  });

  it('forgets the chosen agent when the session moves to another org', async () => {
    const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session: signedIn }) });
    fake.handle('agents:getDirectory', () => ok(makeDirectory({ agents: [makeAgent({ id: 'a1', name: 'Ada Lovelace' })], seq: 1 })));
    await renderApp(fake);
    act(() => useStore.getState().selectAgent('a1'));
    expect(screen.getByRole('combobox', { name: 'Agent' })).toHaveValue('Ada Lovelace');
    push(fake, 'app:snapshotChanged', makeSnapshot({ seq: 2, session: { ...signedIn, expiresAt: 1 } }));
    expect(useStore.getState().dialAgentId).toBe('a1');
    push(fake, 'app:snapshotChanged', makeSnapshot({ seq: 3, session: { ...signedIn, connectionId: 'c2', connectionName: 'Beta' } }));
    expect(useStore.getState().dialAgentId).toBeNull();
    expect(screen.getByRole('combobox', { name: 'Agent' })).toHaveValue('');
  });

  it('says so when it runs outside the app', () => {
    expect(hasSoftphone()).toBe(false);
    expect(() => softphone()).toThrow('window.softphone is missing');
  });
});
