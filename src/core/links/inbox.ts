/**
 * The confirmation inbox for numbers that arrive from outside the dialer: tel:/callto: links,
 * tray quick-dial entries, the clipboard, the global shortcut. It never dials on its own: an
 * arrival only becomes the one pending confirmation the window shows; only `confirm` dials.
 * A flood (a page opening many links) keeps the first and counts the rest as dropped.
 */
import { AppError } from '../../shared/result';
import type { DialOutcome, DialSource, LinkState, PendingLink } from '../../shared/domain';
import type { StateHub } from '../state/hub';
import type { Logger } from '../logging/logger';
import { parseNumberText, parsePhoneLink, type ParsedLink } from './parse';

export interface LinkDialIntent {
  number: string;
  agentId?: string;
  source: DialSource;
  confirmWarnings?: boolean;
}

export interface LinkInboxDeps {
  hub: Pick<StateHub, 'app' | 'updateApp'>;
  /** Read at arrival time: settings may change while the app runs. */
  defaultCountry(): string;
  /** The dialer's `place`. */
  dial(intent: LinkDialIntent): Promise<DialOutcome>;
  /** The agent to preselect when nothing was confirmed yet in this run (e.g. the newest recent call's). */
  fallbackAgentId?(): string | undefined;
  /** Brings the window forward when a confirmation is waiting. */
  present?(link: PendingLink): void;
  now(): number;
  newId(): string;
  log: Logger;
}

/** Sources the inbox accepts plain numbers from (links come through `receiveLink`). */
export type OfferSource = Exclude<DialSource, 'link' | 'dialpad'>;

export interface LinkInbox {
  /** A raw tel:/callto: link from argv, `second-instance`, `open-url` or the bridge. */
  receiveLink(raw: unknown): void;
  /** A plain number from the tray, a favourite, the clipboard or the shortcut. */
  offerNumber(input: string, source: OfferSource): void;
  /** Until this is called, arrivals are held; then the first becomes pending. */
  windowReady(): void;
  /** `agentId` undefined keeps the preselected agent; null dials with no agent (the user cleared it). */
  confirm(linkId: string, agentId?: string | null, options?: { confirmWarnings?: boolean }): Promise<DialOutcome>;
  dismiss(linkId: string): void;
  state(): LinkState;
}

/** Arrivals held before the window exists; a cold start brings one or two, never hundreds. */
export const MAX_HELD = 50;
const DROPPED_NOTICE_ID = 'links-dropped';

type Arrival = { kind: 'link'; raw: unknown } | { kind: 'number'; input: string; source: OfferSource };

export function createLinkInbox(deps: LinkInboxDeps): LinkInbox {
  const log = deps.log.child('links');
  let ready = false;
  let held: Arrival[] = [];
  let heldOverflow = 0;
  let lastAgentId: string | undefined;
  let confirming: string | null = null;

  const state = (): LinkState => deps.hub.app().links;
  const setState = (patch: Partial<LinkState>): void => deps.hub.updateApp((app) => ({ links: { ...app.links, ...patch } }));

  const noteDropped = (count: number): void => {
    const droppedCount = state().droppedCount + count;
    const message =
      droppedCount === 1
        ? 'Another number arrived while one was waiting for confirmation; it was ignored.'
        : `${droppedCount} more numbers arrived while one was waiting for confirmation; they were ignored.`;
    deps.hub.updateApp((app) => ({
      links: { ...app.links, droppedCount },
      notices: [...app.notices.filter((notice) => notice.id !== DROPPED_NOTICE_ID), { id: DROPPED_NOTICE_ID, level: 'warning', message }],
    }));
    log.warn('numbers dropped while a confirmation was pending', { droppedCount });
  };

  const accept = (parsed: ParsedLink, source: DialSource): void => {
    if (parsed.kind === 'rejected') {
      // The code tells the cases apart; the reason's wording is for the window.
      log.warn('number rejected', { code: parsed.code, source });
      setState({ lastRejection: { reason: parsed.reason, at: deps.now() } });
      return;
    }
    const current = state().pending;
    if (current) {
      // The same number twice (a double click, argv plus open-url) is not a flood: just show it again.
      if (current.e164 === parsed.e164) deps.present?.(current);
      else noteDropped(1);
      return;
    }
    const agentId = lastAgentId ?? deps.fallbackAgentId?.();
    const pending: PendingLink = {
      id: deps.newId(),
      e164: parsed.e164,
      displayNumber: parsed.extension ? `${parsed.display} ext. ${parsed.extension}` : parsed.display,
      receivedAt: deps.now(),
      source,
      ...(agentId ? { agentId } : {}),
    };
    deps.hub.updateApp((app) => ({
      links: { ...app.links, pending, droppedCount: 0 },
      notices: app.notices.filter((notice) => notice.id !== DROPPED_NOTICE_ID),
    }));
    log.info('number waiting for confirmation', { source, e164: parsed.e164 });
    deps.present?.(pending);
  };

  const take = (arrival: Arrival): void => {
    // Nothing that arrives from outside may throw into Electron's event loop.
    try {
      if (arrival.kind === 'link') {
        accept(parsePhoneLink(arrival.raw, { defaultCountry: deps.defaultCountry() }), 'link');
      } else {
        accept(parseNumberText(arrival.input, { defaultCountry: deps.defaultCountry() }), arrival.source);
      }
    } catch (error) {
      log.error('could not take an incoming number', { error });
    }
  };

  const arrive = (arrival: Arrival): void => {
    if (ready) return take(arrival);
    if (held.length < MAX_HELD) held.push(arrival);
    else heldOverflow += 1;
  };

  return {
    receiveLink: (raw) => arrive({ kind: 'link', raw }),
    offerNumber: (input, source) => arrive({ kind: 'number', input, source }),
    windowReady() {
      if (ready) return;
      ready = true;
      const waiting = held;
      held = [];
      for (const arrival of waiting) take(arrival);
      if (heldOverflow > 0) noteDropped(heldOverflow);
      heldOverflow = 0;
    },
    async confirm(linkId, agentId, options) {
      const pending = state().pending;
      if (!pending || pending.id !== linkId) throw new AppError('linkNotPending', 'That number is no longer waiting for confirmation.');
      if (confirming === linkId) throw new AppError('linkBusy', 'That number is already being dialled.');
      confirming = linkId;
      try {
        const chosenAgent = agentId === undefined ? pending.agentId : (agentId ?? undefined);
        const outcome = await deps.dial({
          number: pending.e164,
          source: pending.source,
          ...(chosenAgent ? { agentId: chosenAgent } : {}),
          ...(options?.confirmWarnings ? { confirmWarnings: true } : {}),
        });
        if (chosenAgent) lastAgentId = chosenAgent;
        // Warnings (agent away, …) keep the confirmation up so the user can answer them there.
        if (outcome.status === 'placed' && state().pending?.id === linkId) setState({ pending: null });
        return outcome;
      } finally {
        confirming = null;
      }
    },
    dismiss(linkId) {
      if (state().pending?.id !== linkId) return;
      setState({ pending: null });
    },
    state,
  };
}
