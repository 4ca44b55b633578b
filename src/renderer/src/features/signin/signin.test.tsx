import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../../../shared/regions';
import { failure, ok } from '../../../../shared/result';
import { installFakeSoftphone, makeConnection, makeSnapshot, signedIn, userSignedIn } from '../../test/fake-api';
import { push, renderApp } from '../../test/render-app';

describe('first run', () => {
  it('offers the demo org and a new connection', async () => {
    const fake = installFakeSoftphone();
    fake.handle('auth:signInDemo', () => ok({ status: 'signingIn', connectionId: 'demo', waitingForBrowser: false }));
    await renderApp(fake);
    expect(screen.getByRole('status', { name: 'Session' })).toHaveTextContent('Signed out');
    await userEvent.click(screen.getByRole('button', { name: 'Try the demo org' }));
    expect(fake.argsOf('auth:signInDemo')).toHaveLength(1);

    push(fake, 'app:snapshotChanged', makeSnapshot({ seq: 2, session: signedIn }));
    expect(screen.getByRole('status', { name: 'Session' })).toHaveTextContent('Signed in as Softphone companion in org Acme, region EMEA (Dublin)');
    expect(screen.getByRole('tab', { name: 'Dial' })).toHaveAttribute('aria-selected', 'true');
  });

  it('shows the demo failure in an alert', async () => {
    const fake = installFakeSoftphone();
    fake.handle('auth:signInDemo', () => failure('demoUnavailable', 'The demo org could not start: port in use.'));
    await renderApp(fake);
    await userEvent.click(screen.getByRole('button', { name: 'Try the demo org' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The demo org could not start: port in use.');
  });
});

describe('connection form', () => {
  async function openForm() {
    const fake = installFakeSoftphone();
    await renderApp(fake);
    await userEvent.click(screen.getByRole('button', { name: 'Connect to your org' }));
    return fake;
  }

  it('lists every region and asks for a host only for a custom one', async () => {
    await openForm();
    const region = screen.getByRole('combobox', { name: 'Region' });
    const options = within(region).getAllByRole('option');
    for (const known of REGIONS) expect(options.map((o) => o.textContent)).toContain(known.label);
    expect(screen.queryByRole('textbox', { name: 'Custom host' })).not.toBeInTheDocument();
    await userEvent.selectOptions(region, 'custom');
    expect(screen.getByRole('textbox', { name: 'Custom host' })).toBeInTheDocument();
  });

  it('keeps what was typed but clears the secret when saving fails, and shows the specific error', async () => {
    const fake = await openForm();
    fake.handle('connections:save', (draft) => ok(makeConnection({ id: 'c9', name: draft.name })));
    fake.handle('auth:signIn', () => failure('invalid_client', 'Genesys rejected the client ID or secret. Check both in Admin > OAuth.'));

    await userEvent.type(screen.getByRole('textbox', { name: 'Connection name' }), 'Acme test');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Region' }), 'eu_west_1');
    await userEvent.type(screen.getByRole('textbox', { name: 'Client ID' }), 'my-client');
    const secret = screen.getByLabelText('Client secret');
    expect(secret).toHaveAttribute('type', 'password');
    await userEvent.type(secret, 's3cret');
    await userEvent.click(screen.getByRole('button', { name: 'Show secret' }));
    expect(secret).toHaveAttribute('type', 'text');
    await userEvent.click(screen.getByRole('button', { name: 'Save and sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Genesys rejected the client ID or secret');
    expect(fake.argsOf('connections:save')).toEqual([{ name: 'Acme test', region: 'eu_west_1', method: 'clientCredentials', clientId: 'my-client', clientSecret: 's3cret' }]);
    expect(screen.getByRole('textbox', { name: 'Connection name' })).toHaveValue('Acme test');
    expect(screen.getByRole('textbox', { name: 'Client ID' })).toHaveValue('my-client');
    expect(screen.getByRole('combobox', { name: 'Region' })).toHaveValue('eu_west_1');
    expect(screen.getByLabelText('Client secret')).toHaveValue('');
    expect(screen.getByLabelText('Client secret')).toHaveAttribute('type', 'password');

    // The retry edits the connection that was saved: it must not add a second one.
    await userEvent.type(screen.getByLabelText('Client secret'), 'right-secret');
    await userEvent.click(screen.getByRole('button', { name: 'Save and sign in' }));
    await waitFor(() => expect(fake.argsOf('connections:save')).toHaveLength(2));
    expect(fake.argsOf('connections:save')[1]).toMatchObject({ id: 'c9', clientSecret: 'right-secret' });
  });

  it('marks the field main complained about', async () => {
    const fake = await openForm();
    fake.handle('connections:test', () => failure('invalid', 'Some fields need attention.', [{ path: 'clientId', message: 'Enter the OAuth client ID.' }]));
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Some fields need attention.');
    expect(screen.getByRole('textbox', { name: 'Client ID' })).toHaveAccessibleDescription('Enter the OAuth client ID.');
    expect(screen.getByRole('textbox', { name: 'Client ID' })).toHaveAttribute('aria-invalid', 'true');
  });

  it('reports a working test connection', async () => {
    const fake = await openForm();
    fake.handle('connections:test', () => ok({ orgName: 'Acme', principal: 'Softphone companion' }));
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connection works: org Acme, signed in as Softphone companion.')).toBeInTheDocument();
  });

  it('shows the redirect URI for browser sign-in, copyable, and sends no secret', async () => {
    const fake = await openForm();
    fake.handle('connections:save', () => ok(makeConnection({ method: 'pkce', hasSecret: false })));
    fake.handle('auth:signIn', () => ok({ status: 'signingIn', connectionId: 'c1', waitingForBrowser: true }));
    await userEvent.click(screen.getByRole('radio', { name: 'Browser sign-in (PKCE)' }));
    expect(screen.getByRole('radiogroup', { name: 'Sign-in method' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Client secret')).not.toBeInTheDocument();
    expect(screen.getByText('http://127.0.0.1:48152/callback')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Copy redirect URI' }));
    expect(await navigator.clipboard.readText()).toBe('http://127.0.0.1:48152/callback');
    await userEvent.type(screen.getByRole('textbox', { name: 'Connection name' }), 'Acme users');
    await userEvent.type(screen.getByRole('textbox', { name: 'Client ID' }), 'pkce-client');
    await userEvent.click(screen.getByRole('button', { name: 'Save and sign in' }));
    await waitFor(() => expect(fake.argsOf('auth:signIn')).toHaveLength(1));
    expect(fake.argsOf('connections:save')[0]).not.toHaveProperty('clientSecret');
  });
});

describe('saved connections', () => {
  it('edits a saved connection and keeps the stored secret unless replaced', async () => {
    const fake = installFakeSoftphone({ snapshot: makeSnapshot({ connections: [makeConnection()] }) });
    fake.handle('connections:save', (draft) => ok(makeConnection({ name: draft.name })));
    fake.handle('auth:signIn', () => ok(signedIn));
    await renderApp(fake);
    const list = screen.getByRole('list', { name: 'Connections' });
    await userEvent.click(within(list).getByRole('button', { name: 'Edit Acme production' }));
    expect(screen.getByText(/A secret is stored/)).toBeInTheDocument();
    const name = screen.getByRole('textbox', { name: 'Connection name' });
    await userEvent.clear(name);
    await userEvent.type(name, 'Acme prod');
    await userEvent.click(screen.getByRole('button', { name: 'Save and sign in' }));
    await waitFor(() => expect(fake.argsOf('connections:save')).toHaveLength(1));
    expect(fake.argsOf('connections:save')[0]).toEqual({ id: 'c1', name: 'Acme prod', region: 'eu_west_1', method: 'clientCredentials', clientId: 'client-1' });
  });

  it('switches and deletes (after confirming)', async () => {
    const second = makeConnection({ id: 'c2', name: 'Beta org', region: 'us_east_1' });
    const fake = installFakeSoftphone({ snapshot: makeSnapshot({ connections: [makeConnection(), second] }) });
    fake.handle('auth:signIn', () => ok(signedIn));
    fake.handle('connections:delete', () => ok(undefined));
    await renderApp(fake);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in to Beta org' }));
    expect(fake.argsOf('auth:signIn')).toEqual([{ connectionId: 'c2' }]);

    await userEvent.click(screen.getByRole('button', { name: 'Delete Beta org' }));
    expect(fake.argsOf('connections:delete')).toHaveLength(0);
    const confirm = screen.getByRole('alertdialog', { name: 'Delete Beta org and its stored secret?' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Delete' }));
    expect(fake.argsOf('connections:delete')).toEqual([{ id: 'c2' }]);
  });
});

describe('session status', () => {
  it('offers to cancel a browser sign-in, to sign in again when expired, and signs out', async () => {
    const fake = installFakeSoftphone({ snapshot: makeSnapshot({ connections: [makeConnection()], session: signedIn }) });
    fake.handle('auth:cancelSignIn', () => ok(undefined));
    fake.handle('auth:signIn', () => ok(signedIn));
    fake.handle('auth:signOut', () => ok(undefined));
    await renderApp(fake);
    const status = screen.getByRole('status', { name: 'Session' });

    push(fake, 'app:snapshotChanged', makeSnapshot({ seq: 2, connections: [makeConnection()], session: { status: 'expired', connectionId: 'c1', message: 'Your sign-in ran out.' } }));
    expect(status).toHaveTextContent('Session expired for Acme production: Your sign-in ran out.');
    // The workspace stays, so nothing being typed is lost.
    expect(screen.getByRole('textbox', { name: 'Phone number' })).toBeInTheDocument();
    await userEvent.click(within(status).getByRole('button', { name: 'Sign in again' }));
    expect(fake.argsOf('auth:signIn')).toEqual([{ connectionId: 'c1' }]);

    push(fake, 'app:snapshotChanged', makeSnapshot({ seq: 3, connections: [makeConnection()], session: { status: 'signingIn', connectionId: 'c1', waitingForBrowser: true } }));
    expect(status).toHaveTextContent('Signing in to Acme production — finish signing in in your browser');
    await userEvent.click(within(status).getByRole('button', { name: 'Cancel sign-in' }));
    expect(fake.argsOf('auth:cancelSignIn')).toHaveLength(1);

    push(fake, 'app:snapshotChanged', makeSnapshot({ seq: 4, connections: [makeConnection()], session: userSignedIn }));
    expect(status).toHaveTextContent('Signed in as Grace Hopper in org Acme');
    await userEvent.click(within(status).getByRole('button', { name: 'Sign out' }));
    expect(fake.argsOf('auth:signOut')).toHaveLength(1);
    push(fake, 'app:snapshotChanged', makeSnapshot({ seq: 5, connections: [makeConnection()] }));
    expect(screen.getByRole('list', { name: 'Connections' })).toBeInTheDocument();
  });
});
