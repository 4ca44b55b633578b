import { describe, expect, it } from 'vitest';
import { toAsciiDigits } from './digits';
import type { RecentCall } from './domain';
import { filterRecents } from './recents-match';

function call(id: string, e164: string, displayNumber: string, agent: RecentCall['agent']): RecentCall {
  return { id, e164, displayNumber, agent, source: 'dialpad', requestedAt: 0, outcome: 'hungUp' };
}

const entries = [
  call('call-3', '+33612345678', '+33 6 12 34 56 78', null),
  call('call-2', '+12015550123', '+1 201 555 0123', { id: 'a2', name: 'José Álvarez' }),
  call('call-1', '+442079460958', '+44 20 7946 0958', { id: 'a1', name: 'Ada Lovelace' }),
];
const ids = (query: string) => filterRecents(entries, query).map((e) => e.id);

describe('filterRecents', () => {
  it.each<[string, string[], string?]>([
    ['', ['call-3', 'call-2', 'call-1']],
    ['   ', ['call-3', 'call-2', 'call-1']],
    ['()-', ['call-3', 'call-2', 'call-1'], 'punctuation alone asks for nothing'],
    ['7946', ['call-1']],
    ['+44 20 7946', ['call-1']],
    ['+1201', ['call-2'], 'as E.164'],
    ['555-0123', ['call-2'], 'as displayed'],
    ['020 7946 0958', ['call-1'], 'national format with trunk 0'],
    ['0044 20 7946', ['call-1'], '00 prefix'],
    ['(201) 555-0123', ['call-2']],
    ['٢٠١', ['call-2'], 'Arabic-Indic digits'],
    ['２０１', ['call-2'], 'fullwidth digits'],
    ['ada', ['call-1']],
    ['LOVELACE', ['call-1']],
    ['ada lovelace', ['call-1'], 'every word'],
    ['jose', ['call-2'], 'accent-insensitive'],
    ['álvarez 201', ['call-2'], 'name and number together'],
    ['ada 201', [], 'both must match'],
    ['999', []],
    ['nobody', []],
  ])('%j finds %j (%s)', (query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  it('returns the same list when the query asks for nothing, so a memoised view does not re-render', () => {
    expect(filterRecents(entries, ' ')).toBe(entries);
  });
});

describe('toAsciiDigits', () => {
  it('reads every script’s digits as 0-9 and leaves everything else alone', () => {
    expect(toAsciiDigits('+٤٤ ２０ ७९४६ 𝟎𝟗𝟓𝟖 x')).toBe('+44 20 7946 0958 x');
  });
});
