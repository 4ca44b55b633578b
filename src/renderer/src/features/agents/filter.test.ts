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
      expect(incremental(query, opts).slice(), `${query} / ${members ? 'queue' : 'all'}`).toEqual(filterAgents(bigger, query, opts));
    }
  });
});

describe('createIncrementalFilter, lazily ranked', () => {
  /** A small deterministic generator, so a failure can be replayed. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      return state / 2_147_483_648;
    };
  }
  const first = ['Ada', 'Adam', 'Mara', 'Mario', 'Li', 'Lia', 'Sofia', 'Zed', 'Ahmed', 'Anna'];
  const last = ['Garcia', 'Lovelace', 'Ng', 'Smith', 'Marr', 'Nadal', 'Zulu', 'Li'];
  const presences: PresenceKey[] = ['available', 'busy', 'away', 'offline', 'onQueue', 'unknown'];

  it('reads the same ids as a full pass, in any order of reading, for any scope, favourites and limit', () => {
    const next = random(7);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const roster = Array.from({ length: 400 }, (_, i) =>
      agent(`u${i}`, `${pick(first)} ${pick(last)}`, pick(presences), { email: `${i}@example.com`, extension: String(1000 + i) }),
    );
    const rosterIndex = buildSearchIndex(roster);
    const live = new Map(roster.map((a) => [a.id, a.presence]));
    const incremental = createIncrementalFilter(rosterIndex);
    const small = new Set(roster.filter(() => next() < 0.05).map((a) => a.id));
    const large = new Set(roster.filter(() => next() < 0.8).map((a) => a.id));
    const queries = ['', 'm', 'ma', 'mar', 'ma', 'm', '', 'l', 'li', 'li ', 'li g', 'l', 'a', 'ad', 'x', '', '10', '103', '1', 'e', 'ex', 'z'];
    for (let step = 0; step < 120; step++) {
      const query = queries[step % queries.length] as string;
      const favorites = new Set(roster.filter(() => next() < 0.03).map((a) => a.id).concat('not-in-the-roster'));
      const members = pick([null, small, large]);
      const limit = pick([undefined, 5, 50]);
      const opts = options({ members, favorites, presenceOf: (id) => live.get(id), ...(limit === undefined ? {} : { limit }) });
      const expected = filterAgents(rosterIndex, query, opts);
      const ranked = incremental(query, opts);
      expect(ranked.length, `${query} #${step}`).toBe(expected.length);
      // Read out of order first (a scrolled list asks for a far row before the near ones).
      const probe = Math.floor(next() * (expected.length + 2));
      expect(ranked.at(probe)).toBe(expected[probe]);
      expect(ranked.slice(), `${query} #${step}`).toEqual(expected);
      expect(ranked.slice(2, 7)).toEqual(expected.slice(2, 7));
      expect(ranked.at(-1)).toBeUndefined();
      // Presence moves between keystrokes, as pushes do.
      for (let k = 0; k < 20; k++) live.set(pick(roster).id, pick(presences));
    }
  });

  it('reads presence only for the rows read: a screenful of a one-letter query does not rank everyone', () => {
    const roster = Array.from({ length: 10_000 }, (_, i) => agent(`u${i}`, `Agent ${String(i).padStart(5, '0')}`, i % 7 === 0 ? 'available' : 'busy', { email: `a${i}@example.com` }));
    const incremental = createIncrementalFilter(buildSearchIndex(roster));
    let reads = 0;
    const presenceOf = (id: string): PresenceKey => {
      reads++;
      return Number(id.slice(1)) % 7 === 0 ? 'available' : 'busy';
    };
    const ranked = incremental('a', options({ presenceOf }));
    expect(ranked.length).toBe(10_000);
    expect(ranked.slice(0, 30)).toHaveLength(30);
    expect(ranked.at(0)).toBe('u0');
    expect(ranked.at(1)).toBe('u7'); // available before busy
    expect(reads).toBeLessThan(300);
  });

  it('keeps the presence read when the result was made, even if it is read after a change', () => {
    const live = new Map(agents.map((a) => [a.id, a.presence]));
    const incremental = createIncrementalFilter(index);
    const snapshot = new Map(live);
    const ranked = incremental('ann', options({ presenceOf: (id) => snapshot.get(id) }));
    live.set('1', 'available'); // a later push changes the store, not the snapshot the result reads
    expect(names(ranked.slice(0, 3))).toEqual(['Anna Karenina', 'Ann Lee', 'Annabel Smith']);
  });
});
