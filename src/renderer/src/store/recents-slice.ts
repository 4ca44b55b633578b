import type { ExportedFile, RecentCall, RecentsSnapshot } from '../../../shared/domain';
import type { Result } from '../../../shared/result';
import { softphone } from '../api';
import { run } from './run';
import type { Slice } from './types';

export interface RecentsSlice {
  recents: RecentCall[];
  recentsRecoveredFrom: string | undefined;
  /** -1 until the first list arrives. */
  recentsSeq: number;
  receiveRecents(recents: RecentsSnapshot & { seq: number }): boolean;
  deleteRecent(id: string): Promise<void>;
  clearRecents(): Promise<void>;
  exportRecentsCsv(): Promise<Result<ExportedFile>>;
}

export const createRecentsSlice: Slice<RecentsSlice> = (set, get) => ({
  recents: [],
  recentsRecoveredFrom: undefined,
  recentsSeq: -1,
  receiveRecents(recents) {
    if (recents.seq <= get().recentsSeq) return false;
    set({ recents: recents.entries, recentsRecoveredFrom: recents.recoveredFrom, recentsSeq: recents.seq });
    return true;
  },
  async deleteRecent(id) {
    const result = await run(() => softphone().recents.delete({ id }));
    if (!result.ok) get().reportError(result.message);
  },
  async clearRecents() {
    const result = await run(() => softphone().recents.clear({}));
    if (!result.ok) get().reportError(result.message);
  },
  async exportRecentsCsv() {
    const result = await run(() => softphone().recents.exportCsv({}));
    if (!result.ok) get().reportError(result.message);
    return result;
  },
});
