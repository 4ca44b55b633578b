import type { AppInfo } from '../../../shared/domain';
import type { Slice } from './types';

export type Tab = 'dial' | 'agents' | 'recent' | 'settings' | 'connections';

export interface UiSlice {
  tab: Tab;
  /** Name, version and shell, from main; null until it answered. */
  appInfo: AppInfo | null;
  /** The last action that failed outside a form (hang-up, delete, export…), shown as an alert. */
  actionError: { id: number; message: string } | null;
  setTab(tab: Tab): void;
  receiveAppInfo(info: AppInfo): void;
  reportError(message: string): void;
  clearActionError(): void;
}

let errorIds = 0;

export const createUiSlice: Slice<UiSlice> = (set) => ({
  tab: 'dial',
  appInfo: null,
  actionError: null,
  setTab: (tab) => set({ tab }),
  receiveAppInfo: (appInfo) => set({ appInfo }),
  reportError: (message) => set({ actionError: { id: ++errorIds, message } }),
  clearActionError: () => set({ actionError: null }),
});
