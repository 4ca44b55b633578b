/**
 * The renderer's one store, composed from typed slices (zustand's slices pattern). Read it with
 * one field per selector — `useStore((s) => s.dialNumber)` — and `useShallow` for derived objects.
 * Events from main enter only through `bridge.ts`.
 */
import { create } from 'zustand';
import { createAppSlice } from './app-slice';
import { createDialSlice } from './dial-slice';
import { createDirectorySlice } from './directory-slice';
import { createRecentsSlice } from './recents-slice';
import type { Store } from './types';
import { createUiSlice } from './ui-slice';

export type { Store } from './types';

export const useStore = create<Store>()((...args) => ({
  ...createAppSlice(...args),
  ...createRecentsSlice(...args),
  ...createDirectorySlice(...args),
  ...createDialSlice(...args),
  ...createUiSlice(...args),
}));

/** Back to the first state (tests call this between cases). */
export function resetStore(): void {
  useStore.setState(useStore.getInitialState(), true);
}
