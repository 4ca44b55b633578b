import { describe, expect, it } from 'vitest';
import type { Agent, PresenceKey } from '../../../../shared/domain';
import { buildSearchIndex, createIncrementalFilter, filterAgents, matchRank, type FilterOptions } from './filter';

function agent(id: string, name: string, presence: PresenceKey = 'available', extra: Partial<Agent> = {}): Agent {
  return { id, name, presence, presenceLabel: presence, routingStatus: 'IDLE', hasStation: true, ...extra };
}

const agents = [
  agent('1', 'Annabel Smith', 'offline'),
  agent('2', 'Ann Lee', 'busy'),
  agent('3', 'Joanna Ng', 'available'),
  agent('4', 'Anna Karenina', 'available', { email: 'anna.k@example.com', extension: '4100' }),
  agent('5', 'Bob Annan', 'available'),
  agent('6', 'Carl Dann', 'available', { email: 'carl@annex.example.com' }),
  agent('7', 'Zed Zulu', 'available', { extension: '2410' }),
];
const index = buildSearchIndex(agents);
const presence = new Map(agents.map((a) => [a.id, a.presence]));
const options = (patch: Partial<FilterOptions> = {}): FilterOptions => ({ favorites: new Set(), members: null, presenceOf: (id) => presence.get(id), ...patch });
const names = (ids: string[]) => ids.map((id) => agents.find((a) => a.id === id)?.name);

describe('filterAgents', () => {
  it('ranks name prefixes before word prefixes before substrings, available first within each', () => {
    expect(names(filterAgents(index, 'ann', options()))).toEqual([
      // name starts with "ann": available, then busy, then offline
      'Anna Karenina',
      'Ann Lee',
      'Annabel Smith',
      // a word starts with it (Bob Annan), or the email does (none here)
      'Bob Annan',
      // contains it
      'Carl Dann',
      'Joanna Ng',
    ]);
  });

  it('pins favourites above everything, keeping their own ranking', () => {
    expect(names(filterAgents(index, 'ann', options({ favorites: new Set(['6', '1']) })))).toEqual([
      'Annabel Smith',
      'Carl Dann',
      'Anna Karenina',
      'Ann Lee',
      'Bob Annan',
      'Joanna Ng',
    ]);
  });

  it('matches email and extension, case-insensitively and ignoring surrounding space', () => {
    expect(names(filterAgents(index, '  ANNA.K@ ', options()))).toEqual(['Anna Karenina']);
    expect(names(filterAgents(index, '41', options()))).toEqual(['Anna Karenina', 'Zed Zulu']);
  });

  it('lists everyone with an empty query: favourites, then available, busy, offline, each by name', () => {
    expect(names(filterAgents(index, '', options({ favorites: new Set(['7']) })))).toEqual([
      'Zed Zulu',
      'Anna Karenina',
      'Bob Annan',
      'Carl Dann',
      'Joanna Ng',
      'Ann Lee',
      'Annabel Smith',
    ]);
  });

  it('narrows to a queue or group and stops at the limit', () => {
    expect(names(filterAgents(index, 'ann', options({ members: new Set(['1', '5', '7']) })))).toEqual(['Annabel Smith', 'Bob Annan']);
    expect(filterAgents(index, '', options({ limit: 2 }))).toHaveLength(2);
    expect(filterAgents(index, 'nobody at all', options())).toEqual([]);
  });

  it('reads presence at filter time, so ranking follows the latest presence', () => {
    const live = new Map(presence);
    live.set('1', 'available');
    expect(names(filterAgents(index, 'ann', options({ presenceOf: (id) => live.get(id) }))).slice(0, 3)).toEqual(['Anna Karenina', 'Annabel Smith', 'Ann Lee']);
  });
});

describe('matchRank', () => {
  const [entry] = buildSearchIndex([agent('x', 'Ada Lovelace', 'available', { email: 'countess@example.com', extension: '77' })]).entries;
  it('grades each kind of match', () => {
    if (!entry) throw new Error('index is empty');
    expect(matchRank(entry, 'ada')).toBe(0);
    expect(matchRank(entry, 'ada lov')).toBe(0);
    expect(matchRank(entry, 'love')).toBe(1);
    expect(matchRank(entry, 'count')).toBe(1);
    expect(matchRank(entry, '77')).toBe(1);
    expect(matchRank(entry, 'lace')).toBe(2);
    expect(matchRank(entry, 'example')).toBe(2);
    expect(matchRank(entry, 'babbage')).toBeNull();
  });
});

describe('createIncrementalFilter', () => {
  it('gives exactly what a full pass gives, while typing, deleting and changing scope', () => {
    const names = ['Ada Lovelace', 'Adam Smith', 'Adele Adkins', 'Alan Turing', 'Grace Hopper', 'Madam Ada', 'Radia Perlman'];
    const bigger = buildSearchIndex(names.flatMap((name, i) => [agent(`${i}a`, name, 'available'), agent(`${i}b`, `${name} Jr`, 'offline', { email: `${i}@ada.example` })]));
    const live = new Map(bigger.entries.map((entry, i) => [entry.id, (['available', 'busy', 'offline'] as const)[i % 3]]));
    const incremental = createIncrementalFilter(bigger);
    const queue = new Set(['0a', '1b', '5a']);
    const steps: [string, ReadonlySet<string> | null][] = [
      ['a', null], ['ad', null], ['ada', null], ['ada ', null], ['ada l', null], ['ada', null], ['ad', queue], ['ada', queue], ['ada', null], ['', null], ['x', null], ['xy', null], ['ma', null],
    ];
    for (const [query, members] of steps) {
      const opts = options({ members, presenceOf: (id) => live.get(id), favorites: new Set(['3b']) });
      expect(incremental(query, opts), `${query} / ${members ? 'queue' : 'all'}`).toEqual(filterAgents(bigger, query, opts));
    }
  });
});
