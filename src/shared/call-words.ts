/**
 * The words for how a call ended (or why it never started), in one place so the call card, the
 * Recent calls list and main's end messages never describe the same outcome differently.
 * Both tables are exhaustive records: a new reason does not compile until it has its words.
 */
import type { CallEndReason, CallOutcome } from './domain';

/** Short labels, sentence case ("Busy"); the call card reads them after "Ended — ". */
const OUTCOME_LABELS: Readonly<Record<CallOutcome, string>> = {
  hungUp: 'Hung up after answering',
  busy: 'Busy',
  noAnswer: 'No answer',
  agentNoAnswer: 'Agent did not answer',
  unreachable: 'Number unreachable',
  failed: 'Failed',
  cancelled: 'Cancelled',
  inProgress: 'In progress',
  notPlaced: 'Not placed',
};

export function outcomeLabel(outcome: CallOutcome): string {
  return OUTCOME_LABELS[outcome];
}

/** A sentence for the end of a call, for the call view and the recents detail. */
export function describeEnd(reason: CallEndReason, names: { agentName: string; number: string }): string {
  switch (reason) {
    case 'hungUp':
      return 'The call was answered and has ended.';
    case 'busy':
      return `${names.number} is busy.`;
    case 'noAnswer':
      return `${names.number} did not answer.`;
    case 'agentNoAnswer':
      return `${names.agentName} did not answer their phone, so the customer was never dialled.`;
    case 'unreachable':
      return `${names.number} could not be reached (the network could not connect the call).`;
    case 'cancelled':
      return 'The call was hung up before it was answered.';
    case 'failed':
      return 'Genesys ended the call without saying why.';
  }
}
