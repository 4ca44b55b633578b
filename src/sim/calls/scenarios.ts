/**
 * What happens on the far end of a simulated call, chosen by the dialled number's last four
 * digits so tests and the demo can reach every path. All durations are on the injected clock.
 * The real service has no such table; these are the simulator's documented test numbers.
 */

/** Disconnect types the simulator produces (a subset of the real enum, see the fact sheet §3). */
export type SimDisconnectType = 'client' | 'endpoint' | 'peer' | 'system' | 'transport.failure';

export interface CustomerEnding {
  afterMs: number;
  disconnectType: SimDisconnectType;
  /** Shown in call history (`sipResponseCodes`), the way a carrier would report it. */
  sipResponseCode: number;
}

export interface CustomerPlan {
  /** The suffix that selected the plan, or 'default'. */
  key: string;
  description: string;
  /** Ring time before the customer answers; absent when the call fails first. */
  answerAfterMs?: number;
  /** How the customer leg fails before it is answered. */
  failure?: CustomerEnding;
  /** The customer hangs up this long after answering; absent → stays until someone hangs up. */
  hangUpAfterConnectMs?: number;
}

export const DEFAULT_ANSWER_MS = 2_000;

export const TEST_NUMBERS: Readonly<Record<string, CustomerPlan>> = {
  '0000': {
    key: '0000',
    description: 'answers after 2 s, the customer hangs up 10 s after connecting',
    answerAfterMs: DEFAULT_ANSWER_MS,
    hangUpAfterConnectMs: 10_000,
  },
  '1111': {
    key: '1111',
    description: 'busy: ends after a 3 s ring with disconnectType endpoint (SIP 486)',
    failure: { afterMs: 3_000, disconnectType: 'endpoint', sipResponseCode: 486 },
  },
  '2222': {
    key: '2222',
    description: 'never answers: rings 30 s, then ends with disconnectType system (SIP 480)',
    failure: { afterMs: 30_000, disconnectType: 'system', sipResponseCode: 480 },
  },
  '3333': {
    key: '3333',
    description: 'unreachable: fails 100 ms after dialing with disconnectType transport.failure (SIP 503)',
    failure: { afterMs: 100, disconnectType: 'transport.failure', sipResponseCode: 503 },
  },
  '4444': {
    key: '4444',
    description: 'answers after 2 s, the customer hangs up 5 s after connecting',
    answerAfterMs: DEFAULT_ANSWER_MS,
    hangUpAfterConnectMs: 5_000,
  },
  '5555': {
    key: '5555',
    description: 'slow answer: answers after 8 s, stays connected until hung up',
    answerAfterMs: 8_000,
  },
};

export const DEFAULT_PLAN: CustomerPlan = {
  key: 'default',
  description: 'answers after 2 s, stays connected until hung up',
  answerAfterMs: DEFAULT_ANSWER_MS,
};

export function planForNumber(digits: string): CustomerPlan {
  return TEST_NUMBERS[digits.slice(-4)] ?? DEFAULT_PLAN;
}

/** How the agent's station treats the call that the platform rings it with. */
export type AnswerMode = 'auto' | 'noAnswer' | 'reject';

export const AGENT_TIMINGS = {
  /** 'auto': the station answers and the agent leg connects. */
  answerMs: 1_000,
  /** 'noAnswer': the platform gives up on the station. */
  noAnswerMs: 30_000,
  /** 'reject': the station declines. */
  rejectMs: 500,
} as const;
