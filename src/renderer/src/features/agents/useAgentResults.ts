import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store';
import { createIncrementalFilter } from './filter';

const noFavorites: string[] = [];

export function useFavoriteIds(): string[] {
  // Shallow: every snapshot is a fresh object from IPC; only a real change should re-filter.
  return useStore(useShallow((s) => s.snapshot?.settings.favoriteAgentIds ?? noFavorites));
}

/**
 * The ranked ids for a query. Availability is read when the query, roster or scope changes — not
 * on every presence push — so rows update in place and the list does not jump under the pointer.
 */
export function useAgentResults(query: string, members: ReadonlySet<string> | null, limit?: number): string[] {
  const index = useStore((s) => s.searchIndex);
  const favorites = useFavoriteIds();
  const filter = useMemo(() => createIncrementalFilter(index), [index]);
  return useMemo(() => {
    const byId = useStore.getState().agentsById;
    return filter(query, {
      favorites: new Set(favorites),
      members,
      presenceOf: (id) => byId[id]?.presence,
      ...(limit === undefined ? {} : { limit }),
    });
  }, [filter, query, favorites, members, limit]);
}
