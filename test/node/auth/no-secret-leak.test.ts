/**
 * After a full cycle — save, sign in with client credentials, renew after a 401, sign out, browser
 * sign-in, sign out, delete — no client secret and no token appears in the data folder or the log.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createHarness, followRedirect, readSignInPage, submitSignIn, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

async function everyFile(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map((file) => readFile(file, 'utf8')));
}

it('writes no secret or token to the settings files or the log', async () => {
  const secret = h.sim.demo.clientCredentials.clientSecret;
  const saved = await h.auth.saveConnection(h.clientCredentialsDraft());
  await h.auth.signIn(saved.id);
  h.sim.control.expireTokens();
  await h.auth.session()?.request({ label: 'test.users', priority: 'normal', idempotent: true }, (api) => api.users.getUsers({ pageSize: 1 }));
  await h.auth.signOut();

  const browser = await h.auth.saveConnection(h.pkceDraft());
  const opened = h.browser.nextUrl();
  const signing = h.auth.signIn(browser.id);
  const page = await readSignInPage(await opened);
  const location = await submitSignIn(page, { userId: page.userIds[0] ?? '' });
  const code = new URL(location).searchParams.get('code') ?? '';
  await followRedirect(location);
  await signing;
  await h.auth.signOut();
  // A failed sign-in logs too: make sure its error path leaks nothing either.
  const wrong = await h.auth.saveConnection(h.clientCredentialsDraft({ name: 'Wrong', clientSecret: `${secret}-wrong` }));
  await h.auth.signIn(wrong.id).catch(() => undefined);
  const connectionsFile = await readFile(join(h.dataDir, 'connections.json'), 'utf8');
  await h.auth.deleteConnection(saved.id);

  const tokens = [...new Set(h.sim.requestLog.map((r) => r.token).filter((t): t is string => Boolean(t)))];
  expect(tokens.length).toBeGreaterThanOrEqual(3); // two client-credentials tokens and one user token
  const needles = [secret, `${secret}-wrong`, code, ...tokens];
  const haystacks = { log: h.log.lines.join('\n'), files: [connectionsFile, ...(await everyFile(h.dataDir))].join('\n') };
  expect(h.log.lines.length).toBeGreaterThan(5);
  expect(connectionsFile).toContain(wrong.id);
  for (const needle of needles) {
    expect(needle.length).toBeGreaterThan(10);
    expect(haystacks.log).not.toContain(needle);
    expect(haystacks.files).not.toContain(needle);
  }
});
