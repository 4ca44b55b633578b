import type { Slice } from './types';

export type Tab = 'dial' | 'agents' | 'recent' | 'settings' | 'connections';

export interface UiSlice {
  tab: Tab;
  /** The last action that failed outside a form (hang-up, delete, export…), shown as an alert. */
  actionError: { id: number; message: string } | null;
  setTab(tab: Tab): void;
  reportError(message: string): void;
  clearActionError(): void;
}

let errorIds = 0;

export const createUiSlice: Slice<UiSlice> = (set) => ({
  tab: 'dial',
  actionError: null,
  setTab: (tab) => set({ tab }),
  reportError: (message) => set({ actionError: { id: ++errorIds, message } }),
  clearActionError: () => set({ actionError: null }),
});
