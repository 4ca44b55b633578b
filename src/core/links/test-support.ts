/** Test support for the links: a real state hub and a dialer double that records every call, and a check on rejection reasons. */
import type { DialOutcome } from '../../shared/domain';
import { createMemoryLogger } from '../logging/logger';
import { createTestStateHub } from '../test-support/fakes';
import { createLinkInbox, type LinkDialIntent, type LinkInboxDeps } from './inbox';
import { MAX_LINK_LENGTH } from './parse';

/** A rejection reason minus the limits and advice it may state: what is left must hold no digit of the input. */
export function withoutStatedLimits(reason: string): string {
  return reason.replace(`${MAX_LINK_LENGTH} characters`, '').replace('1 to 10 digits', '').replace('+ or 00', '');
}

/** Kept under the name other suites import it by. */
export { testAppSlices as initialAppSlices } from '../test-support/fakes';

/** What the dialer answers when the call was placed. */
export function placedCall(intent: LinkDialIntent, id = 'call-1'): DialOutcome {
  return {
    status: 'placed',
    call: {
      id,
      e164: intent.number,
      displayNumber: intent.number,
      agent: intent.agentId ? { id: intent.agentId, name: 'Agent' } : null,
      source: intent.source,
      phase: 'placing',
      requestedAt: 0,
      monitoring: 'none',
    },
  };
}

export function inboxHarness(overrides: Partial<LinkInboxDeps> = {}) {
  const hub = createTestStateHub();
  const dialed: LinkDialIntent[] = [];
  const presented: string[] = [];
  let nextOutcome: (intent: LinkDialIntent) => Promise<DialOutcome> = async (intent) => placedCall(intent, `call-${dialed.length}`);
  let ids = 0;
  const log = createMemoryLogger();
  const inbox = createLinkInbox({
    hub,
    defaultCountry: () => hub.app().settings.defaultCountry,
    dial: (intent) => {
      dialed.push(intent);
      return nextOutcome(intent);
    },
    present: (link) => presented.push(link.id),
    now: () => 1_700_000_000_000,
    newId: () => `link-${++ids}`,
    log,
    ...overrides,
  });
  return {
    hub,
    inbox,
    dialed,
    presented,
    log,
    setDialOutcome(fn: (intent: LinkDialIntent) => Promise<DialOutcome>) {
      nextOutcome = fn;
    },
  };
}
