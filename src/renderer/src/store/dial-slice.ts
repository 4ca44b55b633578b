import type { DialOutcome, DialSource, DialWarning, NumberPreview } from '../../../shared/domain';
import type { Result } from '../../../shared/result';
import { softphone } from '../api';
import { run } from './run';
import type { Slice } from './types';

export interface DialIntent {
  number: string;
  agentId?: string;
  source: DialSource;
  /** Set for a confirmed tel: link: "Dial anyway" then goes back through the link inbox, which clears it. */
  linkId?: string;
}

export interface DialSlice {
  /** What the user typed into "Phone number", exactly. */
  dialNumber: string;
  /** Main's reading of `dialPreviewFor`; null while empty. */
  dialPreview: NumberPreview | null;
  /** The text the preview belongs to: until it equals `dialNumber`, the preview is stale. */
  dialPreviewFor: string;
  dialAgentId: string | null;
  placing: boolean;
  /** The problem with the last dial attempt, in words. */
  dialError: string | null;
  /** Set when main asked for confirmation: what to place if the user says "Dial anyway". */
  pendingConfirmation: { intent: DialIntent; warnings: DialWarning[] } | null;

  setDialNumber(number: string): void;
  pressKey(key: string): void;
  backspace(): void;
  selectAgent(agentId: string | null): void;
  /** Tells main which agent is about to be called, so Call has less to wait for. */
  prepareAgent(agentId: string | null): void;
  /** Places what the dialer holds. */
  placeCall(): Promise<void>;
  /** Places a recent (or any) number with the agent it used, without touching the pad. */
  dial(intent: DialIntent): Promise<void>;
  /** Handles an outcome that came from elsewhere (a confirmed link) the same way. */
  receiveOutcome(intent: DialIntent, outcome: Result<DialOutcome>): void;
  confirmWarnings(): Promise<void>;
  cancelConfirmation(): void;
}

/** Characters the pad offers; typing and pasting accept anything (main says what is wrong). */
export const padKeys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#', '+'] as const;

export const createDialSlice: Slice<DialSlice> = (set, get) => {
  // Previews answer out of order when typing fast: only the latest request may land.
  let previewRequest = 0;

  const requestPreview = (number: string): void => {
    const request = ++previewRequest;
    if (number.trim() === '') {
      set({ dialPreview: null, dialPreviewFor: number });
      return;
    }
    void run(() => softphone().dial.preview({ number })).then((result) => {
      if (request !== previewRequest) return;
      set({
        dialPreview: result.ok ? result.value : { valid: false, code: result.code, problem: result.message },
        dialPreviewFor: number,
      });
    });
  };

  const place = async (intent: DialIntent, confirmWarnings: boolean): Promise<void> => {
    if (get().placing) return;
    set({ placing: true, dialError: null });
    const { linkId, ...dialArgs } = intent;
    const warningsConfirmed = confirmWarnings ? { confirmWarnings: true } : {};
    const outcome = await run(() =>
      linkId === undefined
        ? softphone().dial.place({ ...dialArgs, ...warningsConfirmed })
        : softphone().links.confirm({ linkId, agentId: intent.agentId ?? null, ...warningsConfirmed }),
    );
    set({ placing: false });
    get().receiveOutcome(intent, outcome);
  };

  return {
    dialNumber: '',
    dialPreview: null,
    dialPreviewFor: '',
    dialAgentId: null,
    placing: false,
    dialError: null,
    pendingConfirmation: null,

    setDialNumber(number) {
      set({ dialNumber: number, dialError: null });
      requestPreview(number);
    },
    pressKey(key) {
      get().setDialNumber(get().dialNumber + key);
    },
    backspace() {
      // Array.from keeps a pasted astral character whole.
      get().setDialNumber(Array.from(get().dialNumber).slice(0, -1).join(''));
    },
    selectAgent(agentId) {
      set({ dialAgentId: agentId, dialError: null });
      get().prepareAgent(agentId);
    },
    prepareAgent(agentId) {
      // Main subscribes and checks the agent now. Only a head start: the dial does the same work
      // itself if this fails, so the result is not shown.
      if (agentId !== null && agentId !== '') void run(() => softphone().dial.prepare({ agentId }));
    },
    async placeCall() {
      const { dialNumber, dialAgentId } = get();
      await place({ number: dialNumber, source: 'dialpad', ...(dialAgentId ? { agentId: dialAgentId } : {}) }, false);
    },
    dial: (intent) => place(intent, false),
    receiveOutcome(intent, outcome) {
      if (!outcome.ok) {
        set({ dialError: outcome.message, pendingConfirmation: null });
        return;
      }
      if (outcome.value.status === 'needsConfirmation') {
        set({ pendingConfirmation: { intent, warnings: outcome.value.warnings } });
        return;
      }
      set({ pendingConfirmation: null });
    },
    async confirmWarnings() {
      const pending = get().pendingConfirmation;
      if (!pending) return;
      set({ pendingConfirmation: null });
      await place(pending.intent, true);
    },
    cancelConfirmation: () => set({ pendingConfirmation: null }),
  };
};
