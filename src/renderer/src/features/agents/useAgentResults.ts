import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store';
import { createIncrementalFilter, type RankedIds } from './filter';

const noFavorites: string[] = [];

export function useFavoriteIds(): string[] {
  // Shallow: every snapshot is a fresh object from IPC; only a real change should re-filter.
  return useStore(useShallow((s) => s.snapshot?.settings.favoriteAgentIds ?? noFavorites));
}

/**
 * The ranked ids for a query. Availability is read when the query, roster, scope or `refresh`
 * changes — not on every presence push — so rows update in place and never move under the
 * pointer (a row jumping just before a click would ring the wrong agent's phone).
 * `rankedVersion` says which presence the ranking reflects; compare it with the store's
 * `availabilityVersion` to offer a re-sort. The ids are ranked as they are read, from the
 * presence captured here (the store replaces `agentsById` on every push, never mutates it).
 */
export function useAgentResults(query: string, members: ReadonlySet<string> | null, options: { limit?: number; refresh?: unknown } = {}): { ids: RankedIds; rankedVersion: number } {
  const index = useStore((s) => s.searchIndex);
  const favorites = useFavoriteIds();
  const filter = useMemo(() => createIncrementalFilter(index), [index]);
  const { limit, refresh } = options;
  return useMemo(() => {
    const { agentsById, availabilityVersion } = useStore.getState();
    const ids = filter(query, {
      favorites: new Set(favorites),
      members,
      presenceOf: (id) => agentsById[id]?.presence,
      ...(limit === undefined ? {} : { limit }),
    });
    return { ids, rankedVersion: availabilityVersion };
    // `refresh` is a deliberate re-rank trigger: it is a dependency without being read.
  }, [filter, query, favorites, members, limit, refresh]);
}
