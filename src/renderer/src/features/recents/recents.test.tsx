import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../../../shared/result';
import { installFakeSoftphone, makeCall, makeRecent, makeSnapshot, signedIn } from '../../test/fake-api';
import { push, renderApp } from '../../test/render-app';

const many = Array.from({ length: 1000 }, (_, i) =>
  makeRecent({ id: `r${i}`, e164: `+4420794${String(i).padStart(5, '0')}`, displayNumber: `+44 20 794${String(i).padStart(5, '0')}`, agent: i % 2 ? { id: 'a2', name: 'Alan Turing' } : { id: 'a1', name: 'Ada Lovelace' }, outcome: i % 3 ? 'hungUp' : 'busy' }),
);

async function openRecents(entries = many) {
  const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session: signedIn }), recents: entries });
  await renderApp(fake);
  await userEvent.click(screen.getByRole('tab', { name: 'Recent' }));
  return fake;
}

describe('recent calls', () => {
  it('renders only a screenful of a long list', async () => {
    await openRecents();
    const list = screen.getByRole('list', { name: 'Recent calls' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0]).toHaveAttribute('aria-setsize', '1000');
    expect(rows[0]).toHaveTextContent('+44 20 79400000');
    expect(rows[0]).toHaveTextContent('via Ada Lovelace');
    expect(rows[0]).toHaveTextContent('Busy');
  });

  it('labels each outcome as the call card did', async () => {
    await openRecents([makeRecent({ id: 'r1', outcome: 'agentNoAnswer', requestedAt: 2 }), makeRecent({ id: 'r2', outcome: 'hungUp', requestedAt: 1 })]);
    const rows = within(screen.getByRole('list', { name: 'Recent calls' })).getAllByRole('listitem');
    expect(rows[0]).toHaveTextContent('Agent did not answer');
    expect(rows[1]).toHaveTextContent('Hung up after answering');
  });

  it('filters by number or agent', async () => {
    await openRecents();
    await userEvent.type(screen.getByRole('searchbox', { name: 'Filter recent calls' }), '00999');
    const list = screen.getByRole('list', { name: 'Recent calls' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(within(list).getByRole('listitem')).toHaveTextContent('+44 20 79400999');
    expect(screen.getByText('1 of 1000 calls match.')).toBeInTheDocument();
  });

  it('finds an agent without typing the accents, and a number typed in national format', async () => {
    await openRecents([
      makeRecent({ id: 'r1', agent: { id: 'a3', name: 'José Álvarez' } }),
      makeRecent({ id: 'r2', e164: '+12015550123', displayNumber: '+1 201 555 0123', agent: null }),
    ]);
    const search = screen.getByRole('searchbox', { name: 'Filter recent calls' });
    const list = screen.getByRole('list', { name: 'Recent calls' });
    await userEvent.type(search, 'jose');
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(within(list).getByRole('listitem')).toHaveTextContent('via José Álvarez');
    await userEvent.clear(search);
    await userEvent.type(search, '(201) 555-0123');
    await waitFor(() => expect(within(list).getByRole('listitem')).toHaveTextContent('+1 201 555 0123'));
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
  });

  it('redials with the agent it used, copies and deletes', async () => {
    const fake = await openRecents([makeRecent({ id: 'r1' })]);
    fake.handle('dial:place', () => ok({ status: 'placed', call: makeCall() }));
    fake.handle('recents:delete', () => ok(undefined));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Redial +44 20 7946 0000' }));
    expect(fake.argsOf('dial:place')).toEqual([{ number: '+442079460000', agentId: 'a1', source: 'recent' }]);
    await user.click(screen.getByRole('button', { name: 'Copy +44 20 7946 0000' }));
    expect(await navigator.clipboard.readText()).toBe('+442079460000');
    expect(screen.getByText('Copied +442079460000')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /^Delete/ }));
    expect(fake.argsOf('recents:delete')).toEqual([{ id: 'r1' }]);
    push(fake, 'recents:listChanged', { entries: [], seq: 5 });
    expect(screen.getByText('No calls yet.')).toBeInTheDocument();
  });

  it('clears all only after confirming', async () => {
    const fake = await openRecents([makeRecent({ id: 'r1' })]);
    fake.handle('recents:clear', () => ok(undefined));
    await userEvent.click(screen.getByRole('button', { name: 'Clear all' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Clear all recent calls? This cannot be undone.' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(fake.argsOf('recents:clear')).toHaveLength(0);
    await userEvent.click(screen.getByRole('button', { name: 'Clear all' }));
    await userEvent.click(screen.getByRole('button', { name: 'Clear all now' }));
    expect(fake.argsOf('recents:clear')).toHaveLength(1);
  });

  describe('export', () => {
    const created: Blob[] = [];
    beforeEach(() => {
      created.length = 0;
      URL.createObjectURL = vi.fn((blob: Blob) => {
        created.push(blob);
        return 'blob:test';
      });
      URL.revokeObjectURL = vi.fn();
    });
    afterEach(() => {
      Reflect.deleteProperty(URL, 'createObjectURL');
      Reflect.deleteProperty(URL, 'revokeObjectURL');
    });

    it('downloads the CSV main produced', async () => {
      const fake = await openRecents([makeRecent({ id: 'r1' })]);
      fake.handle('recents:exportCsv', () => ok({ fileName: 'recent-calls.csv', mimeType: 'text/csv', content: 'number\r\n+442079460000\r\n' }));
      const clicked: string[] = [];
      const onClick = (event: MouseEvent) => {
        const link = event.target as HTMLAnchorElement;
        clicked.push(`${link.download} ${link.href}`);
        event.preventDefault();
      };
      document.addEventListener('click', onClick, true);
      await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      document.removeEventListener('click', onClick, true);
      await waitFor(() => expect(clicked).toContain('recent-calls.csv blob:test'));
      expect(await readBlob(created[0])).toBe('number\r\n+442079460000\r\n');
      expect(created[0]?.type).toBe('text/csv');
    });
  });
});

function readBlob(blob: Blob | undefined): Promise<string> {
  // jsdom's Blob has no text(); FileReader is there.
  return new Promise((resolve, reject) => {
    if (!blob) return reject(new Error('no blob was created'));
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

describe('clear all confirmation', () => {
  it('puts focus on the confirming button, and back on "Clear all" after Escape', async () => {
    const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session: signedIn }), recents: [makeRecent({ id: 'r1' })] });
    await renderApp(fake);
    await userEvent.click(screen.getByRole('tab', { name: 'Recent' }));
    await userEvent.click(screen.getByRole('button', { name: 'Clear all' }));
    expect(screen.getByRole('button', { name: 'Clear all now' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Clear all' })).toHaveFocus();
  });
});
