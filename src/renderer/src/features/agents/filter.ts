/**
 * Agent search, kept pure so it can be unit-tested and measured. The lowercase keys are built
 * once per directory load (not per keystroke), and ranking uses buckets instead of a comparator
 * sort, so a keystroke over 10,000 agents is one linear pass.
 */
import type { Agent, PresenceKey } from '../../../../shared/domain';

export interface SearchEntry {
  id: string;
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
}

export const emptySearchIndex: SearchIndex = { entries: [] };

export function buildSearchIndex(agents: readonly Agent[]): SearchIndex {
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  const sorted = [...agents].sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
  return {
    entries: sorted.map((agent) => {
      const name = agent.name.toLowerCase();
      const email = agent.email?.toLowerCase() ?? '';
      const extension = agent.extension?.toLowerCase() ?? '';
      // NUL cannot be typed into a search box, so no query matches across two fields.
      return { id: agent.id, name, spacedName: ` ${name}`, email, extension, haystack: `${name}\u0000${email}\u0000${extension}` };
    }),
  };
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
  if (entry.name.startsWith(query)) return 0;
  if (entry.spacedName.includes(` ${query}`) || entry.email.startsWith(query) || entry.extension.startsWith(query)) return 1;
  if (entry.haystack.includes(query)) return 2;
  return null;
}

export interface FilterOptions {
  favorites: ReadonlySet<string>;
  /** Only these agents (a queue's or group's members); null for everyone. */
  members: ReadonlySet<string> | null;
  presenceOf(id: string): PresenceKey | undefined;
  /** Stop after this many results (the picker shows a short list); default: all. */
  limit?: number;
}

function normalizeQuery(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * Ids in display order: favourites pinned first, then prefix matches before substring matches,
 * then available agents before busy before offline, then by name.
 */
export function filterAgents(index: SearchIndex, rawQuery: string, options: FilterOptions): string[] {
  return rankEntries(index.entries, normalizeQuery(rawQuery), options).ids;
}

function rankEntries(entries: readonly SearchEntry[], query: string, options: FilterOptions): { ids: string[]; matched: SearchEntry[] } {
  // bucket = favourite(2) × rank(3) × tier(3)
  const buckets: string[][] = Array.from({ length: 18 }, () => []);
  const matched: SearchEntry[] = [];
  for (const entry of entries) {
    if (options.members && !options.members.has(entry.id)) continue;
    const rank = matchRank(entry, query);
    if (rank === null) continue;
    matched.push(entry);
    const favourite = options.favorites.has(entry.id) ? 0 : 1;
    const tier = availabilityTier(options.presenceOf(entry.id));
    (buckets[favourite * 9 + rank * 3 + tier] as string[]).push(entry.id);
  }
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const ids: string[] = [];
  for (const bucket of buckets) {
    for (const id of bucket) {
      if (ids.length >= limit) return { ids, matched };
      ids.push(id);
    }
  }
  return { ids, matched };
}

/**
 * The same ranking, remembering what the last query matched: typing one more letter can only
 * narrow the matches, so the next pass scans those instead of the whole directory.
 */
export function createIncrementalFilter(index: SearchIndex): (rawQuery: string, options: FilterOptions) => string[] {
  let last: { query: string; members: ReadonlySet<string> | null; matched: SearchEntry[] } | null = null;
  return (rawQuery, options) => {
    const query = normalizeQuery(rawQuery);
    const narrows = last !== null && last.members === options.members && query.startsWith(last.query);
    const { ids, matched } = rankEntries(narrows && last ? last.matched : index.entries, query, options);
    last = { query, members: options.members, matched };
    return ids;
  };
}
