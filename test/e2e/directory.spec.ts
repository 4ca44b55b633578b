import { expect, test } from './fixtures';
import { signInToDemo } from './helpers';

test.use({ demoSeed: 'large' });

test('10,000 agents: search by partial name, pick a queue, see a pushed presence change on the row', async ({ appPage, app }) => {
  await signInToDemo(appPage);
  await appPage.getByRole('tab', { name: 'Agents' }).click();
  const list = appPage.getByRole('list', { name: 'Agents' });
  await expect(list.getByRole('listitem').first()).toBeVisible({ timeout: 30_000 });

  // Virtualised: only what fits on screen is in the DOM, not 10,000 rows.
  expect(await list.getByRole('listitem').count()).toBeLessThan(100);

  const simulator = await app.bridge.app.demoSimulator();
  if (!simulator) throw new Error('the demo org is not running');
  const directory = app.bridge.app.hub.directory();
  expect(directory.agents.length).toBe(10_000);

  // A partial name, as a supervisor types it: the start of the first name and of the surname.
  const target = directory.agents[7_321];
  if (!target) throw new Error('no agent at index 7321');
  const [first = '', last = ''] = target.name.split(' ');
  const partial = `${first.slice(0, 3)} ${last.slice(0, 4)}`;
  await appPage.getByRole('searchbox', { name: 'Search agents' }).fill(partial);
  await expect(list.getByRole('listitem').filter({ hasText: target.name }).first()).toBeVisible();

  // A queue shows its members, each with presence in words.
  await appPage.getByRole('searchbox', { name: 'Search agents' }).fill('');
  const queue = directory.queues[0];
  if (!queue) throw new Error('the large seed has no queues');
  await appPage.getByLabel('Queue').selectOption(queue.id);
  const members = await app.bridge.app.handlers['agents:queueMembers']({ queueId: queue.id });
  expect(members.length).toBeGreaterThan(0);
  expect(members.length).toBeLessThan(10_000);
  // Only the queue's members are listed.
  await expect(appPage.getByRole('status').filter({ hasText: new RegExp(`^${members.length} of [\\d,]+ agents`) })).toBeVisible();
  const outsider = app.bridge.app.hub.directory().agents.find((agent) => !members.includes(agent.id));
  if (!outsider) throw new Error('every agent is in the queue');
  await appPage.getByRole('searchbox', { name: 'Search agents' }).fill(outsider.name);
  await expect(list.getByRole('listitem').filter({ hasText: outsider.name })).toHaveCount(0);

  const firstMember = app.bridge.app.hub.directory().agents.find((agent) => agent.id === members[0]);
  if (!firstMember) throw new Error('queue member not in the directory');
  await appPage.getByRole('searchbox', { name: 'Search agents' }).fill(firstMember.name);
  const row = list.getByRole('listitem').filter({ hasText: firstMember.name }).first();
  await expect(row).toBeVisible();
  await expect(row).toContainText(firstMember.presenceLabel);

  // The simulator changes that agent's presence; push carries it to the row.
  const next = firstMember.presence === 'away' ? 'Available' : 'Away';
  simulator.control.setPresence(firstMember.id, next);
  await expect(row).toContainText(next);
});
