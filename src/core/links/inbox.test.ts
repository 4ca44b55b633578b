import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { inboxHarness } from './test-support';

describe('createLinkInbox', () => {
  it('holds links that arrive before the window is ready, then shows the first', () => {
    const h = inboxHarness();
    h.inbox.receiveLink('tel:+1-201-555-0123');
    expect(h.hub.app().links.pending).toBeNull();
    expect(h.presented).toEqual([]);
    h.inbox.windowReady();
    expect(h.hub.app().links.pending).toMatchObject({ e164: '+12015550123', displayNumber: '+1 201 555 0123', source: 'link' });
    expect(h.presented).toEqual(['link-1']);
    expect(h.dialed).toEqual([]);
  });

  it('reads held links with the default country current when the window is ready', () => {
    const h = inboxHarness();
    h.inbox.receiveLink('tel:020 7946 0958');
    h.hub.updateApp((app) => ({ settings: { ...app.settings, defaultCountry: 'GB' } }));
    h.inbox.windowReady();
    expect(h.hub.app().links.pending?.e164).toBe('+442079460958');
  });

  it('never dials without a confirmation', () => {
    const h = inboxHarness();
    h.inbox.windowReady();
    h.inbox.receiveLink('tel:+12015550123');
    h.inbox.offerNumber('+442079460958', 'clipboard');
    expect(h.dialed).toEqual([]);
  });

  it('keeps one confirmation and counts the rest of a flood, with one notice', () => {
    const h = inboxHarness();
    h.inbox.windowReady();
    for (let i = 0; i < 20; i++) h.inbox.receiveLink(`tel:+1201555${String(100 + i).padStart(4, '0')}`);
    const app = h.hub.app();
    expect(app.links.pending?.e164).toBe('+12015550100');
    expect(app.links.droppedCount).toBe(19);
    expect(app.notices.filter((n) => n.id === 'links-dropped')).toHaveLength(1);
    expect(app.notices[0]?.message).toContain('19');
    expect(h.presented).toHaveLength(1);
  });

  it('a flood before the window exists also leaves one confirmation', () => {
    const h = inboxHarness();
    for (let i = 0; i < 80; i++) h.inbox.receiveLink(`tel:+1201555${String(1000 + i)}`);
    h.inbox.windowReady();
    expect(h.hub.app().links.pending?.e164).toBe('+12015551000');
    expect(h.hub.app().links.droppedCount).toBe(79);
  });

  it('the same number again re-presents it instead of counting a drop', () => {
    const h = inboxHarness();
    h.inbox.windowReady();
    h.inbox.receiveLink('tel:+12015550123');
    h.inbox.receiveLink('callto://+1 201 555 0123');
    expect(h.hub.app().links.droppedCount).toBe(0);
    expect(h.presented).toEqual(['link-1', 'link-1']);
  });

  it('a rejection is recorded without the number, and logged only by its code', () => {
    const h = inboxHarness();
    h.inbox.windowReady();
    h.inbox.receiveLink('tel:+1201555%000199');
    h.inbox.receiveLink('javascript:alert(1)');
    expect(h.hub.app().links.pending).toBeNull();
    expect(h.hub.app().links.lastRejection).toMatchObject({ at: 1_700_000_000_000 });
    expect(h.hub.app().links.lastRejection?.reason).toMatch(/not phone links/);
    expect(h.log.lines.join('\n')).not.toMatch(/2015550199|0199/);
  });

  it('confirm dials the pending number once, with the chosen agent, and clears it', async () => {
    const h = inboxHarness();
    h.inbox.windowReady();
    h.inbox.receiveLink('tel:+12015550123;ext=55');
    const pending = h.hub.app().links.pending;
    expect(pending?.displayNumber).toBe('+1 201 555 0123 ext. 55');
    const outcome = await h.inbox.confirm(pending?.id ?? '', 'agent-7');
    expect(outcome.status).toBe('placed');
    expect(h.dialed).toEqual([{ number: '+12015550123', agentId: 'agent-7', source: 'link' }]);
    expect(h.hub.app().links.pending).toBeNull();
  });

  it('remembers the last agent confirmed and preselects it next time', async () => {
    const h = inboxHarness({ fallbackAgentId: () => 'agent-from-recents' });
    h.inbox.windowReady();
    h.inbox.receiveLink('tel:+12015550123');
    expect(h.hub.app().links.pending?.agentId).toBe('agent-from-recents');
    await h.inbox.confirm('link-1', 'agent-9');
    h.inbox.offerNumber('+44 20 7946 0958', 'tray');
    expect(h.hub.app().links.pending).toMatchObject({ agentId: 'agent-9', source: 'tray' });
    await h.inbox.confirm('link-2');
    expect(h.dialed[1]).toEqual({ number: '+442079460958', agentId: 'agent-9', source: 'tray' });
  });

  it('dials with no agent when the user cleared the preselected one (null), never the preset agent', async () => {
    const h = inboxHarness({ fallbackAgentId: () => 'agent-from-recents' });
    h.inbox.windowReady();
    h.inbox.receiveLink('tel:+12015550123');
    expect(h.hub.app().links.pending?.agentId).toBe('agent-from-recents');
    await h.inbox.confirm('link-1', null);
    expect(h.dialed[0]).toEqual({ number: '+12015550123', source: 'link' });
  });

  it('keeps the confirmation up while the dialer asks about warnings, and passes confirmWarnings on', async () => {
    const h = inboxHarness();
    h.setDialOutcome(async () => ({ status: 'needsConfirmation', warnings: [{ code: 'agentAway', message: 'Agent is away' }] }));
    h.inbox.windowReady();
    h.inbox.receiveLink('tel:+12015550123');
    expect((await h.inbox.confirm('link-1', 'a1')).status).toBe('needsConfirmation');
    expect(h.hub.app().links.pending?.id).toBe('link-1');
    h.setDialOutcome(async (intent) => ({ status: 'placed', call: { id: 'c', e164: intent.number, displayNumber: '', agent: null, source: 'link', phase: 'placing', requestedAt: 0, monitoring: 'none' } }));
    await h.inbox.confirm('link-1', 'a1', { confirmWarnings: true });
    expect(h.dialed[1]).toEqual({ number: '+12015550123', agentId: 'a1', source: 'link', confirmWarnings: true });
    expect(h.hub.app().links.pending).toBeNull();
  });

  it('a failing dial keeps the link so the user can retry', async () => {
    const h = inboxHarness();
    h.setDialOutcome(async () => {
      throw new AppError('notSignedIn', 'Sign in first.');
    });
    h.inbox.windowReady();
    h.inbox.receiveLink('tel:+12015550123');
    await expect(h.inbox.confirm('link-1')).rejects.toMatchObject({ code: 'notSignedIn' });
    expect(h.hub.app().links.pending?.id).toBe('link-1');
  });

  it('refuses a stale id and a second confirm while the first is dialling', async () => {
    const h = inboxHarness();
    let release: () => void = () => undefined;
    h.setDialOutcome(
      (intent) =>
        new Promise((resolve) => {
          release = () => resolve({ status: 'placed', call: { id: 'c', e164: intent.number, displayNumber: '', agent: null, source: 'link', phase: 'placing', requestedAt: 0, monitoring: 'none' } });
        }),
    );
    h.inbox.windowReady();
    h.inbox.receiveLink('tel:+12015550123');
    await expect(h.inbox.confirm('link-404')).rejects.toMatchObject({ code: 'linkNotPending' });
    const first = h.inbox.confirm('link-1');
    await expect(h.inbox.confirm('link-1')).rejects.toMatchObject({ code: 'linkBusy' });
    release();
    await first;
    expect(h.dialed).toHaveLength(1);
  });

  it('dismiss clears only the matching link, and a new one resets the dropped count', () => {
    const h = inboxHarness();
    h.inbox.windowReady();
    h.inbox.receiveLink('tel:+12015550123');
    h.inbox.receiveLink('tel:+12015550124');
    h.inbox.dismiss('link-404');
    expect(h.hub.app().links.pending?.id).toBe('link-1');
    h.inbox.dismiss('link-1');
    expect(h.hub.app().links.pending).toBeNull();
    h.inbox.offerNumber('2015550125', 'favorite');
    expect(h.hub.app().links).toMatchObject({ droppedCount: 0, pending: { e164: '+12015550125', source: 'favorite' } });
    expect(h.hub.app().notices).toEqual([]);
    expect(h.dialed).toEqual([]);
  });

  it('an exception inside a dependency never escapes an arrival', () => {
    const h = inboxHarness({
      defaultCountry: () => {
        throw new Error('settings exploded');
      },
    });
    h.inbox.windowReady();
    expect(() => h.inbox.receiveLink('tel:+12015550123')).not.toThrow();
    expect(h.log.lines.some((line) => line.includes('could not take an incoming number'))).toBe(true);
  });
});
