import type { CallOutcome, RecentCall } from '../../../../shared/domain';

/** Recent calls whose number (as typed, as E.164, or digits only) or agent name contain the query. */
export function filterRecents(entries: readonly RecentCall[], rawQuery: string): readonly RecentCall[] {
  const query = rawQuery.trim().toLowerCase();
  if (query === '') return entries;
  const digits = query.replace(/[^\d]/g, '');
  // "020 7946" should find +44 20 7946…: compare digits when the query is mostly digits.
  const byDigits = digits.length >= 3 && digits.length >= query.replace(/[\s()+.-]/g, '').length;
  return entries.filter((entry) => {
    if (entry.displayNumber.toLowerCase().includes(query) || entry.e164.includes(query)) return true;
    if (entry.agent?.name.toLowerCase().includes(query)) return true;
    if (byDigits) {
      const national = digits.replace(/^0+/, '');
      return entry.e164.includes(digits) || (national.length >= 3 && entry.e164.includes(national));
    }
    return false;
  });
}

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
