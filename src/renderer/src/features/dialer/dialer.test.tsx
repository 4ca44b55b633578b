import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { NumberPreview } from '../../../../shared/domain';
import { failure, ok } from '../../../../shared/result';
import { installFakeSoftphone, makeAgent, makeCall, makeDirectory, makeSnapshot, signedIn, userSignedIn, type FakeSoftphone } from '../../test/fake-api';
import { push, renderApp } from '../../test/render-app';

const ada = makeAgent({ id: 'a1', name: 'Ada Lovelace', email: 'ada@example.com', extension: '2001' });
const alan = makeAgent({ id: 'a2', name: 'Alan Turing', presence: 'offline', presenceLabel: 'Offline', routingStatus: 'OFF_QUEUE' });
const grace = makeAgent({ id: 'a3', name: 'Grace Hopper', presence: 'busy', presenceLabel: 'Busy', routingStatus: 'INTERACTING' });

/** Main's as-you-type formatting for the inputs these tests type; anything else comes back as typed. */
const asTyped: Record<string, string> = { '0207946': '020 7946', '02079460000': '020 7946 0000' };

/** A stand-in for main's normaliser: enough to drive the UI, not a phone-number parser. */
function fakePreview(number: string): NumberPreview {
  const digits = number.replace(/[^\d+]/g, '');
  const formatted = asTyped[number] ?? number;
  if (/[a-z]/i.test(number)) return { valid: false, code: 'letters', problem: 'A phone number cannot contain letters.', formatted };
  if (digits.replace('+', '').length < 6) return { valid: false, code: 'tooShort', problem: 'That number is too short.', formatted };
  const e164 = digits.startsWith('+') ? digits : `+44${digits.replace(/^0/, '')}`;
  return { valid: true, e164, display: e164 === '+442079460000' ? '+44 20 7946 0000' : e164, formatted };
}

async function setup(session = signedIn): Promise<FakeSoftphone> {
  const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session }) });
  fake.handle('agents:getDirectory', () => ok(makeDirectory({ agents: [ada, alan, grace], seq: 1 })));
  fake.handle('dial:preview', ({ number }) => ok(fakePreview(number)));
  await renderApp(fake);
  return fake;
}

async function chooseAgent(name: string) {
  const picker = screen.getByRole('combobox', { name: 'Agent' });
  await userEvent.click(picker);
  await userEvent.type(picker, name.slice(0, 3));
  await userEvent.click(screen.getByRole('option', { name: new RegExp(name) }));
}

describe('dialer pad', () => {
  it('builds the number from the pad, typing and pasting, with backspace', async () => {
    await setup();
    const input = screen.getByRole('textbox', { name: 'Phone number' });
    const pad = screen.getByRole('group', { name: 'Dial pad' });
    for (const key of ['+', '4', '4', '2', '0']) await userEvent.click(within(pad).getByRole('button', { name: key }));
    expect(input).toHaveValue('+4420');
    await userEvent.click(within(pad).getByRole('button', { name: 'Backspace' }));
    expect(input).toHaveValue('+442');
    await userEvent.type(input, '0 7946');
    expect(input).toHaveValue('+4420 7946');
    await userEvent.click(input);
    await userEvent.paste(' 0000');
    expect(input).toHaveValue('+4420 7946 0000');
    for (const key of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '*', '#', '+']) {
      expect(within(pad).getByRole('button', { name: key })).toBeInTheDocument();
    }
  });

  it("shows main's reading of the number live, and the problem when there is one", async () => {
    const fake = await setup();
    const input = screen.getByRole('textbox', { name: 'Phone number' });
    await userEvent.type(input, '020 7946 0000');
    await waitFor(() => expect(input).toHaveAccessibleDescription('Will dial +44 20 7946 0000 (+442079460000)'));
    expect(fake.argsOf('dial:preview').at(-1)).toEqual({ number: '020 7946 0000' });
    await userEvent.type(input, 'x');
    await waitFor(() => expect(input).toHaveAccessibleDescription('A phone number cannot contain letters.'));
  });

  it('shows the number formatted as typed under the input, and leaves the input as typed', async () => {
    await setup();
    const input = screen.getByRole('textbox', { name: 'Phone number' });
    await userEvent.type(input, '0207946');
    expect(await screen.findByText('020 7946')).toHaveClass('formatted-number');
    await userEvent.type(input, '0000');
    expect(await screen.findByText('020 7946 0000')).toHaveClass('formatted-number');
    expect(input).toHaveValue('02079460000');
    expect(input).toHaveAccessibleDescription('Will dial +44 20 7946 0000 (+442079460000)');

    // Typed with the spaces already, there is nothing to add under it.
    await userEvent.clear(input);
    await userEvent.type(input, '020 7946 0000');
    const previewLine = document.getElementById(input.getAttribute('aria-describedby') ?? '');
    // The answer for the whole text has landed once the reading is no longer stale.
    await waitFor(() => expect(previewLine).not.toHaveClass('stale'));
    expect(input).toHaveAccessibleDescription('Will dial +44 20 7946 0000 (+442079460000)');
    expect(document.querySelector('.formatted-number')).toBeNull();
  });

  it('ignores a preview answer that arrives after a newer one', async () => {
    const fake = await setup();
    const answers: ((preview: NumberPreview) => void)[] = [];
    fake.handle('dial:preview', () => new Promise((resolve) => answers.push((preview) => resolve(ok(preview)))));
    const input = screen.getByRole('textbox', { name: 'Phone number' });
    fireEvent.change(input, { target: { value: '12' } });
    fireEvent.change(input, { target: { value: '020 7946 0000' } });
    await act(async () => answers[1]?.(fakePreview('020 7946 0000')));
    await act(async () => answers[0]?.({ valid: false, code: 'tooShort', problem: 'That number is too short.' }));
    expect(input).toHaveAccessibleDescription('Will dial +44 20 7946 0000 (+442079460000)');
  });
});

describe('Call button', () => {
  it('stays disabled until the number is valid and an agent is chosen, then says whom it rings', async () => {
    await setup();
    expect(screen.getByRole('button', { name: 'Call' })).toBeDisabled();
    await userEvent.type(screen.getByRole('textbox', { name: 'Phone number' }), '020 7946 0000');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Call' })).toHaveAccessibleDescription('Choose the agent whose phone places the call.'));
    expect(screen.getByRole('button', { name: 'Call' })).toBeDisabled();
    await chooseAgent('Ada Lovelace');
    const call = screen.getByRole('button', { name: "Call +44 20 7946 0000 from Ada Lovelace's phone" });
    expect(call).toBeEnabled();
  });

  it('lets a user session call from its own phone without an agent', async () => {
    await setup(userSignedIn);
    await userEvent.type(screen.getByRole('textbox', { name: 'Phone number' }), '020 7946 0000');
    expect(await screen.findByRole('button', { name: 'Call +44 20 7946 0000 from your phone' })).toBeEnabled();
  });

  it('places the call with the number as typed and the chosen agent', async () => {
    const fake = await setup();
    fake.handle('dial:place', () => ok({ status: 'placed', call: makeCall() }));
    await chooseAgent('Ada Lovelace');
    await userEvent.type(screen.getByRole('textbox', { name: 'Phone number' }), '020 7946 0000{Enter}');
    await waitFor(() => expect(fake.argsOf('dial:place')).toEqual([{ number: '020 7946 0000', agentId: 'a1', source: 'dialpad' }]));
  });

  it('asks before dialing an offline agent and dials anyway only when told to', async () => {
    const fake = await setup();
    fake.handle('dial:place', (args) =>
      ok(args.confirmWarnings ? { status: 'placed', call: makeCall({ agent: { id: 'a2', name: 'Alan Turing' } }) } : { status: 'needsConfirmation', warnings: [{ code: 'agentOffline', message: 'Alan Turing is Offline: their phone may not ring.' }] }),
    );
    await chooseAgent('Alan Turing');
    await userEvent.type(screen.getByRole('textbox', { name: 'Phone number' }), '020 7946 0000');
    await userEvent.click(await screen.findByRole('button', { name: "Call +44 20 7946 0000 from Alan Turing's phone" }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Dial anyway?' });
    expect(dialog).toHaveTextContent('Alan Turing is Offline: their phone may not ring.');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog', { name: 'Dial anyway?' })).not.toBeInTheDocument();
    expect(fake.argsOf('dial:place')).toHaveLength(1);

    await userEvent.click(screen.getByRole('button', { name: "Call +44 20 7946 0000 from Alan Turing's phone" }));
    await userEvent.click(within(await screen.findByRole('alertdialog', { name: 'Dial anyway?' })).getByRole('button', { name: 'Dial anyway' }));
    await waitFor(() => expect(fake.argsOf('dial:place')).toHaveLength(3));
    expect(fake.argsOf('dial:place')[2]).toEqual({ number: '020 7946 0000', agentId: 'a2', source: 'dialpad', confirmWarnings: true });
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('shows why a call could not be placed', async () => {
    const fake = await setup();
    fake.handle('dial:place', () => failure('no.user.station', 'Ada Lovelace has no phone (station) assigned in Genesys.'));
    await chooseAgent('Ada Lovelace');
    await userEvent.type(screen.getByRole('textbox', { name: 'Phone number' }), '020 7946 0000');
    await userEvent.click(await screen.findByRole('button', { name: /^Call \+44/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Ada Lovelace has no phone (station) assigned in Genesys.');
  });
});

describe('agent picker', () => {
  it('lists favourites first, then available before busy before offline, with presence in words', async () => {
    const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session: signedIn, settings: { ...makeSnapshot().settings, favoriteAgentIds: ['a2'] } }) });
    fake.handle('agents:getDirectory', () => ok(makeDirectory({ agents: [ada, alan, grace], seq: 1 })));
    fake.handle('agents:toggleFavorite', () => ok(makeSnapshot().settings));
    await renderApp(fake);
    const picker = screen.getByRole('combobox', { name: 'Agent' });
    await userEvent.click(picker);
    await userEvent.keyboard('{ArrowDown}');
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['Alan TuringOffline · Off queue', 'Ada LovelaceAvailable · Idle', 'Grace HopperBusy · Interacting']);

    await userEvent.keyboard('{ArrowDown}{Enter}');
    expect(picker).toHaveValue('Ada Lovelace');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    const star = screen.getByRole('button', { name: 'Favourite Ada Lovelace' });
    expect(star).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(star);
    expect(fake.argsOf('agents:toggleFavorite')).toEqual([{ agentId: 'a1' }]);
  });

  it('ranks by the availability current when the list opens', async () => {
    const fake = await setup();
    const picker = screen.getByRole('combobox', { name: 'Agent' });
    const names = () => within(screen.getByRole('listbox')).getAllByRole('option').map((o) => o.querySelector('.agent-name')?.textContent);
    await userEvent.click(picker);
    await userEvent.keyboard('{ArrowDown}');
    expect(names()).toEqual(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
    await userEvent.keyboard('{Escape}');
    push(fake, 'agents:presenceChanged', { seq: 5, updates: [{ id: 'a2', presence: 'available', presenceLabel: 'Available', routingStatus: 'IDLE' }] });
    await userEvent.keyboard('{ArrowDown}');
    expect(names()).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
  });

  it('searches by email and extension', async () => {
    await setup();
    const picker = screen.getByRole('combobox', { name: 'Agent' });
    await userEvent.type(picker, '2001');
    expect(within(screen.getByRole('listbox')).getAllByRole('option').map((o) => o.textContent)).toEqual(['Ada LovelaceAvailable · Idle']);
    await userEvent.clear(picker);
    await userEvent.type(picker, 'zzz');
    expect(screen.getByText('No agent matches “zzz”.')).toBeInTheDocument();
  });
});
