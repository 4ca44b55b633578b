/**
 * Agent search, kept pure so it can be unit-tested and measured. The lowercase keys are built
 * once per directory load (not per keystroke). Ranking uses buckets instead of a comparator
 * sort, and the incremental filter ranks lazily: a keystroke pays for the rows on screen and the
 * count, not for ordering thousands of matches nobody scrolls to.
 */
import type { Agent, PresenceKey } from '../../../../shared/domain';

export interface SearchEntry {
  id: string;
  /** Where the entry sits in `SearchIndex.entries`. */
  position: number;
  /** Lowercased name with a leading space, so a word-start test is one `includes(' ' + q)`. */
  spacedName: string;
  name: string;
  email: string;
  extension: string;
  /** name, email and extension in one string, so "contains" is a single `includes`. */
  haystack: string;
}

export interface SearchIndex {
  /** Sorted by name (locale-aware) once, so buckets filled in this order come out alphabetical. */
  entries: SearchEntry[];
  positionById: ReadonlyMap<string, number>;
}

export const emptySearchIndex: SearchIndex = { entries: [], positionById: new Map() };

export function buildSearchIndex(agents: readonly Agent[]): SearchIndex {
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const sorted = [...agents].sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
  const entries = sorted.map((agent, position): SearchEntry => {
    const name = agent.name.toLowerCase();
    const email = agent.email?.toLowerCase() ?? '';
    const extension = agent.extension?.toLowerCase() ?? '';
    // NUL cannot be typed into a search box, so no query matches across two fields.
    return { id: agent.id, position, name, spacedName: ` ${name}`, email, extension, haystack: `${name}\u0000${email}\u0000${extension}` };
  });
  return { entries, positionById: new Map(entries.map((entry) => [entry.id, entry.position])) };
}

/** 0 = reachable now, 1 = signed in but occupied, 2 = not there: the order agents are listed in. */
export function availabilityTier(presence: PresenceKey | undefined): 0 | 1 | 2 {
  switch (presence) {
    case 'available':
      return 0;
    case 'offline':
    case 'unknown':
    case undefined:
      return 2;
    default:
      return 1;
  }
}

/** 0 = the name starts with the query, 1 = a word of the name / the email / the extension does, 2 = contains it. */
export function matchRank(entry: SearchEntry, query: string): 0 | 1 | 2 | null {
  if (query === '') return 0;
  return rankWith(entry, query, ` ${query}`);
}

/** `matchRank` with the word-start form of the query built once per pass, not once per agent. */
function rankWith(entry: SearchEntry, query: string, spacedQuery: string): 0 | 1 | 2 | null {
  // Every kind of match is inside the haystack: most agents fail here, after one test.
  if (!entry.haystack.includes(query)) return null;
  if (entry.name.startsWith(query)) return 0;
  if (entry.spacedName.includes(spacedQuery) || entry.email.startsWith(query) || entry.extension.startsWith(query)) return 1;
  return 2;
}

export interface FilterOptions {
  favorites: ReadonlySet<string>;
  /** Only these agents (a queue's or group's members); null for everyone. */
  members: ReadonlySet<string> | null;
  /**
   * The incremental filter reads this lazily, as rows are read, so it must answer from one
   * snapshot for the life of the result (the store replaces `agentsById`, never mutates it).
   */
  presenceOf(id: string): PresenceKey | undefined;
  /** Stop after this many results (the picker shows a short list); default: all. */
  limit?: number;
}

/** Ids in display order, ranked only as far as they are read. */
export interface RankedIds {
  readonly length: number;
  at(position: number): string | undefined;
  slice(start?: number, end?: number): string[];
}

function normalizeQuery(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * Ids in display order: favourites pinned first, then prefix matches before substring matches,
 * then available agents before busy before offline, then by name. This is the plain one-pass
 * ranking, the definition the incremental filter below must agree with.
 */
export function filterAgents(index: SearchIndex, rawQuery: string, options: FilterOptions): string[] {
  const query = normalizeQuery(rawQuery);
  const spacedQuery = ` ${query}`;
  // bucket = favourite(2) × rank(3) × tier(3)
  const buckets: string[][] = Array.from({ length: 18 }, () => []);
  for (const entry of index.entries) {
    if (options.members && !options.members.has(entry.id)) continue;
    const rank = query === '' ? 0 : rankWith(entry, query, spacedQuery);
    if (rank === null) continue;
    const favourite = options.favorites.has(entry.id) ? 0 : 1;
    const tier = availabilityTier(options.presenceOf(entry.id));
    (buckets[favourite * 9 + rank * 3 + tier] as string[]).push(entry.id);
  }
  return buckets.flat().slice(0, options.limit ?? Number.POSITIVE_INFINITY);
}

const NO_MATCH = 255;

/** What a query matched, before availability, favourites and scope are applied. */
interface Matches {
  /** Every match in name order: what a longer query scans. */
  entries: readonly SearchEntry[];
  /** The matches of rank 0, 1 and 2, each in name order. */
  byRank: readonly [readonly SearchEntry[], readonly SearchEntry[], readonly SearchEntry[]];
  /** Each entry's rank by its position in the index; NO_MATCH where it does not match. */
  rankAt: Uint8Array;
}

/** The entries of `source` that match `query` (a query's matches include those of its extensions). */
function match(source: Matches, query: string, indexSize: number): Matches {
  const spacedQuery = ` ${query}`;
  const entries: SearchEntry[] = [];
  const byRank: [SearchEntry[], SearchEntry[], SearchEntry[]] = [[], [], []];
  const rankAt = new Uint8Array(indexSize).fill(NO_MATCH);
  for (const entry of source.entries) {
    const rank = rankWith(entry, query, spacedQuery);
    if (rank === null) continue;
    entries.push(entry);
    byRank[rank].push(entry);
    rankAt[entry.position] = rank;
  }
  return { entries, byRank, rankAt };
}

function rankLazily(index: SearchIndex, matches: Matches, options: FilterOptions): RankedIds {
  const { favorites, members, presenceOf } = options;
  // Tier + 1 by index position, 0 = not read yet: a bucket pass re-reads no presence.
  const tiers = new Uint8Array(index.entries.length);
  const tierOf = (entry: SearchEntry): number => {
    let known = tiers[entry.position] as number;
    if (known === 0) {
      known = availabilityTier(presenceOf(entry.id)) + 1;
      tiers[entry.position] = known;
    }
    return known - 1;
  };

  // Favourites are few: found by id and ranked at once.
  const pinned: { entry: SearchEntry; key: number }[] = [];
  for (const id of favorites) {
    const position = index.positionById.get(id);
    const rank = position === undefined ? NO_MATCH : (matches.rankAt[position] as number);
    if (position === undefined || rank === NO_MATCH || (members && !members.has(id))) continue;
    const entry = index.entries[position] as SearchEntry;
    pinned.push({ entry, key: rank * 3 + tierOf(entry) });
  }
  pinned.sort((a, b) => a.key - b.key || a.entry.position - b.entry.position);

  // Everyone else, by rank in name order. A scope smaller than the matches is read from its
  // members (a queue of 50 among 10,000 matches), a larger one is checked per match.
  let candidates = matches.byRank;
  let outOfScope: ((id: string) => boolean) | null = null;
  let count = matches.entries.length;
  if (members && members.size < matches.entries.length) {
    const inScope: [SearchEntry[], SearchEntry[], SearchEntry[]] = [[], [], []];
    for (const id of members) {
      const position = index.positionById.get(id);
      const rank = position === undefined ? NO_MATCH : (matches.rankAt[position] as number);
      if (position !== undefined && rank !== NO_MATCH) inScope[rank as 0 | 1 | 2].push(index.entries[position] as SearchEntry);
    }
    for (const list of inScope) list.sort((a, b) => a.position - b.position);
    candidates = inScope;
    count = inScope[0].length + inScope[1].length + inScope[2].length;
  } else if (members) {
    outOfScope = (id) => !members.has(id);
    count = 0;
    for (const entry of matches.entries) if (members.has(entry.id)) count++;
  }

  const length = Math.min(count, options.limit ?? Number.POSITIVE_INFINITY);
  const ids = pinned.map(({ entry }) => entry.id);
  let bucket = 0; // rank × 3 + tier
  let cursor = 0;
  /** Ranks until position `last` is known. */
  const rankUpTo = (last: number): void => {
    while (ids.length <= last && bucket < 9) {
      const list = candidates[Math.floor(bucket / 3)] as readonly SearchEntry[];
      const tier = bucket % 3;
      while (cursor < list.length && ids.length <= last) {
        const entry = list[cursor++] as SearchEntry;
        if (favorites.has(entry.id) || outOfScope?.(entry.id) || tierOf(entry) !== tier) continue;
        ids.push(entry.id);
      }
      if (cursor >= list.length) {
        bucket++;
        cursor = 0;
      }
    }
  };
  return {
    length,
    at(position) {
      if (!Number.isInteger(position) || position < 0 || position >= length) return undefined;
      rankUpTo(position);
      return ids[position];
    },
    slice(start = 0, end = length) {
      const from = Math.max(0, Math.min(start, length));
      const to = Math.max(from, Math.min(end, length));
      rankUpTo(to - 1);
      return ids.slice(from, to);
    },
  };
}

/**
 * The same ranking as `filterAgents`, made cheap for typing over 10,000 agents. Short queries
 * are the costly ones (one letter matches nearly everyone, if only through "example.com"), so:
 * - ranking is lazy: a keystroke orders the rows that are read (the screenful) and counts the rest;
 * - what a query matched is kept while it is a prefix of what is typed, so a new letter scans the
 *   previous matches and erasing back does no string work at all;
 * - one-letter matches are kept for the index's life (one per character typed), so starting the
 *   next search does not scan the directory again.
 * Matches leave out availability, favourites and scope: those are read afresh on every call.
 */
export function createIncrementalFilter(index: SearchIndex): (rawQuery: string, options: FilterOptions) => RankedIds {
  const size = index.entries.length;
  const everyone: Matches = { entries: index.entries, byRank: [index.entries, [], []], rankAt: new Uint8Array(size) };
  const cache = new Map<string, Matches>();
  return (rawQuery, options) => {
    const query = normalizeQuery(rawQuery);
    let matches = query === '' ? everyone : cache.get(query);
    if (!matches) {
      let source = everyone;
      for (let length = query.length - 1; length > 0; length--) {
        const shorter = cache.get(query.slice(0, length));
        if (shorter) {
          source = shorter;
          break;
        }
      }
      matches = match(source, query, size);
      cache.set(query, matches);
    }
    for (const key of cache.keys()) if (key.length > 1 && !query.startsWith(key)) cache.delete(key);
    return rankLazily(index, matches, options);
  };
}
