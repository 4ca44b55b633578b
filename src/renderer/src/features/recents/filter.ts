import type { CallOutcome } from '../../../../shared/domain';

const outcomeWords: Record<CallOutcome, string> = {
  hungUp: 'Answered',
  busy: 'Busy',
  noAnswer: 'No answer',
  agentNoAnswer: 'Agent did not answer',
  unreachable: 'Unreachable',
  failed: 'Failed',
  cancelled: 'Cancelled',
  inProgress: 'In progress',
  notPlaced: 'Not placed',
};

export function outcomeText(outcome: CallOutcome): string {
  return outcomeWords[outcome];
}
