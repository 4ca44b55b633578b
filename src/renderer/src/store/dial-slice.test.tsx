import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ok } from '../../../shared/result';
import { installFakeSoftphone, makeAgent, makeDirectory, makeSnapshot, signedIn } from '../test/fake-api';
import { renderApp } from '../test/render-app';

const ada = makeAgent({ id: 'a1', name: 'Ada Lovelace', email: 'ada@example.com', extension: '2001' });
const alan = makeAgent({ id: 'a2', name: 'Alan Turing' });

async function setup() {
  const fake = installFakeSoftphone({ snapshot: makeSnapshot({ session: signedIn }) });
  fake.handle('agents:getDirectory', () => ok(makeDirectory({ agents: [ada, alan], seq: 1 })));
  await renderApp(fake);
  return fake;
}

async function chooseAgent(name: string) {
  const picker = screen.getByRole('combobox', { name: 'Agent' });
  await userEvent.click(picker);
  await userEvent.clear(picker);
  await userEvent.type(picker, name.slice(0, 3));
  await userEvent.click(screen.getByRole('option', { name: new RegExp(name) }));
}

describe('picking the agent to dial for', () => {
  it('asks main to prepare each agent as it is picked, before Call is pressed, and never dials', async () => {
    const fake = await setup();
    expect(fake.argsOf('dial:prepare')).toEqual([]);
    await chooseAgent('Ada Lovelace');
    await waitFor(() => expect(fake.argsOf('dial:prepare')).toEqual([{ agentId: 'a1' }]));
    await chooseAgent('Alan Turing');
    await waitFor(() => expect(fake.argsOf('dial:prepare')).toEqual([{ agentId: 'a1' }, { agentId: 'a2' }]));
    expect(fake.argsOf('dial:place')).toEqual([]);
  });

  it('shows nothing when preparing fails: it is only a head start', async () => {
    const fake = await setup();
    // Not faked: the fake answers with a failure, which the dialer must not show.
    await chooseAgent('Ada Lovelace');
    await waitFor(() => expect(fake.argsOf('dial:prepare')).toHaveLength(1));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
