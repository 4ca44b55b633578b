import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppSnapshot, Settings } from '../../../../shared/domain';
import { failure, ok } from '../../../../shared/result';
import { installFakeSoftphone, makeSnapshot, signedIn } from '../../test/fake-api';
import { push, renderApp } from '../../test/render-app';

async function openSettings(patch: Partial<AppSnapshot> = {}) {
  const snapshot = makeSnapshot({ session: signedIn, ...patch });
  const fake = installFakeSoftphone({ snapshot });
  let seq = snapshot.seq;
  let settings = snapshot.settings;
  // Like main: apply the patch and push the new snapshot.
  fake.handle('settings:update', (change) => {
    settings = { ...settings, ...change } as Settings;
    push(fake, 'app:snapshotChanged', { ...snapshot, seq: ++seq, settings });
    return ok(settings);
  });
  await renderApp(fake);
  await userEvent.click(screen.getByRole('tab', { name: 'Settings' }));
  return fake;
}

describe('settings', () => {
  it('saves toggles, and start hidden only makes sense with start at login', async () => {
    const fake = await openSettings();
    expect(screen.getByRole('checkbox', { name: 'Start hidden' })).toBeDisabled();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Start at login' }));
    expect(fake.argsOf('settings:update')).toEqual([{ startAtLogin: true }]);
    expect(screen.getByRole('checkbox', { name: 'Start hidden' })).toBeEnabled();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Close to tray' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Show notifications' }));
    expect(fake.argsOf('settings:update').slice(1)).toEqual([{ closeToTray: false }, { notifications: false }]);
  });

  it('saves the default country on Enter and shows main’s objection', async () => {
    const fake = await openSettings();
    const country = screen.getByRole('textbox', { name: 'Default country' });
    await userEvent.clear(country);
    await userEvent.type(country, 'us{Enter}');
    expect(fake.argsOf('settings:update')).toEqual([{ defaultCountry: 'US' }]);
    fake.handle('settings:update', () => failure('invalid', 'Use a two-letter country code such as GB or US.'));
    await userEvent.clear(country);
    await userEvent.type(country, 'Narnia{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Use a two-letter country code such as GB or US.');
    expect(country).toHaveValue('Narnia');
  });

  it('sets and clears the global shortcut and shows whether it registered', async () => {
    const fake = await openSettings({ shell: { protocolHandlers: [], handlerHelp: [], shortcut: { accelerator: 'CommandOrControl+Shift+D', registered: false, problem: 'another app already uses it' } } });
    expect(screen.getByText('CommandOrControl+Shift+D could not be registered: another app already uses it')).toBeInTheDocument();
    const shortcut = screen.getByRole('textbox', { name: 'Global shortcut' });
    await userEvent.type(shortcut, 'Alt+Shift+K');
    await userEvent.tab();
    expect(fake.argsOf('settings:update')).toEqual([{ globalShortcut: 'Alt+Shift+K' }]);
    await userEvent.clear(shortcut);
    await userEvent.tab();
    expect(fake.argsOf('settings:update')[1]).toEqual({ globalShortcut: null });
  });

  it('adds a favourite number normalised by main, and removes it', async () => {
    const fake = await openSettings();
    fake.handle('dial:preview', ({ number }) => ok(number === '020 7946 0000' ? { valid: true, e164: '+442079460000', display: '+44 20 7946 0000' } : { valid: false, code: 'tooShort', problem: 'That number is too short.' }));
    const form = screen.getByRole('form', { name: 'Add a favourite number' });
    await userEvent.type(within(form).getByRole('textbox', { name: 'Label' }), 'Front desk');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Favourite number' }), '12');
    await userEvent.click(within(form).getByRole('button', { name: 'Add favourite' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('That number is too short.');
    expect(fake.argsOf('settings:update')).toHaveLength(0);

    await userEvent.clear(within(form).getByRole('textbox', { name: 'Favourite number' }));
    await userEvent.type(within(form).getByRole('textbox', { name: 'Favourite number' }), '020 7946 0000');
    await userEvent.click(within(form).getByRole('button', { name: 'Add favourite' }));
    await waitFor(() => expect(fake.argsOf('settings:update')).toEqual([{ favoriteNumbers: [{ label: 'Front desk', e164: '+442079460000' }] }]));
    expect(within(screen.getByRole('list', { name: 'Favourite numbers' })).getByRole('listitem')).toHaveTextContent('Front desk — +442079460000');
    await userEvent.click(screen.getByRole('button', { name: 'Remove Front desk' }));
    expect(fake.argsOf('settings:update')[1]).toEqual({ favoriteNumbers: [] });
  });

  it('shows the link-handler status with the steps, and asks main to become the default', async () => {
    const fake = await openSettings({
      shell: { protocolHandlers: [{ scheme: 'tel', isDefault: false }, { scheme: 'callto', isDefault: true }], shortcut: null, handlerHelp: ['Open Settings > Apps > Default apps.', 'Choose Softphone Companion for TEL.'] },
    });
    fake.handle('shell:makeDefaultHandler', () => ok(undefined));
    const handlers = screen.getByRole('list', { name: 'Link handlers' });
    expect(handlers).toHaveTextContent('tel: links — another app opens them');
    expect(handlers).toHaveTextContent('callto: links — this app opens them');
    expect(within(screen.getByRole('list', { name: 'How to make this app the default' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Open Settings > Apps > Default apps.',
      'Choose Softphone Companion for TEL.',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Make this app the default for tel: links' }));
    expect(fake.argsOf('shell:makeDefaultHandler')).toHaveLength(1);
  });

  describe('audit export', () => {
    beforeEach(() => {
      URL.createObjectURL = vi.fn(() => 'blob:audit');
      URL.revokeObjectURL = vi.fn();
    });
    afterEach(() => {
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    });

    it('downloads the audit trail', async () => {
      const fake = await openSettings();
      fake.handle('audit:export', () => ok({ fileName: 'audit.jsonl', mimeType: 'application/x-ndjson', content: '{}\n' }));
      const downloads: string[] = [];
      const onClick = (event: MouseEvent) => {
        const link = event.target as HTMLAnchorElement;
        downloads.push(link.download);
        event.preventDefault();
      };
      document.addEventListener('click', onClick, true);
      await userEvent.click(screen.getByRole('button', { name: 'Export audit trail' }));
      await waitFor(() => expect(downloads).toContain('audit.jsonl'));
      document.removeEventListener('click', onClick, true);
    });
  });
});

describe('banners', () => {
  it('shows notices with Dismiss and the budget message while throttled', async () => {
    const fake = installFakeSoftphone({
      snapshot: makeSnapshot({
        session: signedIn,
        notices: [{ id: 'n1', level: 'warning', message: 'Recent calls were unreadable; a copy was kept and the list started fresh.' }],
        budget: { limitPerMinute: 240, usedLastMinute: 240, queued: 12, throttled: { until: 0, message: 'Genesys is rate-limiting us; presence updates delayed 12 s' } },
      }),
    });
    fake.handle('app:dismissNotice', () => ok(undefined));
    await renderApp(fake);
    const notices = screen.getByRole('region', { name: 'Notices' });
    expect(notices).toHaveTextContent('Recent calls were unreadable');
    await userEvent.click(within(notices).getByRole('button', { name: 'Dismiss' }));
    expect(fake.argsOf('app:dismissNotice')).toEqual([{ id: 'n1' }]);
    expect(screen.getByRole('status', { name: 'Request budget' })).toHaveTextContent('Genesys is rate-limiting us; presence updates delayed 12 s');
  });
});
