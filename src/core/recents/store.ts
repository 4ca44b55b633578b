/**
 * Every dial attempt, newest first, in one JSON file in the app data folder:
 * `{ "schemaVersion": 1, "entries": [ … ] }`, written atomically (temp file + fsync + rename).
 *
 * Once the list is loaded, a change applies in memory (and reaches `onChange` listeners) before
 * `add`/`update`/`remove`/`clear` return; changes made before that wait for the load and then
 * apply in call order. The returned promise only reports the disk write, so a caller never has
 * to wait for one change to be on disk before making the next. Writes are coalesced and never
 * overlap, so a burst of updates during a call ends in one write of the latest state.
 *
 * A file that cannot be read as ours is renamed to `recents.corrupt-<timestamp>.json` and the app
 * starts with an empty list; `RecentsSnapshot.recoveredFrom` carries the copy's path so the UI
 * can tell the user.
 * An entry still `inProgress` on load was saved mid-call by a run that stopped; it is loaded as
 * `failed`, since nothing will ever finish it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ExportedFile, RecentCall, RecentsSnapshot } from '../../shared/domain';
import { AppError } from '../../shared/result';
import type { Logger } from '../logging/logger';
import { readJsonFile, writeFileAtomic } from '../fs/atomic';
import { setAsideCorruptFile } from '../fs/quarantine';
import { createCoalescingWriter } from '../fs/serial';
import { toCsv } from './csv';

export interface RecentsStore {
  load(): Promise<RecentsSnapshot>;
  snapshot(): RecentsSnapshot;
  add(entry: RecentCall): Promise<void>;
  update(id: string, patch: Partial<RecentCall>): Promise<void>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
  exportCsv(): ExportedFile;
  onChange(cb: (s: RecentsSnapshot) => void): () => void;
}

export const RECENTS_SCHEMA_VERSION = 1;
export const DEFAULT_RECENTS_CAP = 1000;

const epochMs = z.number().finite().nonnegative();
const recentCallSchema = z.object({
  id: z.string().min(1).max(200),
  e164: z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number'),
  displayNumber: z.string().max(100),
  agent: z.object({ id: z.string().min(1), name: z.string().max(500) }).nullable(),
  source: z.enum(['dialpad', 'recent', 'tray', 'link', 'favorite', 'clipboard', 'shortcut']),
  requestedAt: epochMs,
  connectedAt: epochMs.optional(),
  endedAt: epochMs.optional(),
  outcome: z.enum(['hungUp', 'busy', 'noAnswer', 'agentNoAnswer', 'unreachable', 'failed', 'cancelled', 'inProgress', 'notPlaced']),
  conversationId: z.string().min(1).max(200).optional(),
  detail: z.string().max(2000).optional(),
}) satisfies z.ZodType<RecentCall, unknown>;
const patchSchema = recentCallSchema.omit({ id: true }).strict().partial();
const fileSchema = z.object({ schemaVersion: z.literal(RECENTS_SCHEMA_VERSION), entries: z.array(recentCallSchema) });

export function createRecentsStore(deps: { file: string; cap?: number; log: Logger }): RecentsStore {
  const cap = deps.cap ?? DEFAULT_RECENTS_CAP;
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`recents cap must be a positive integer, got ${cap}`);
  const log = deps.log.child('recents');
  const listeners = new Set<(s: RecentsSnapshot) => void>();
  // Entries are frozen and replaced, never mutated, so snapshots can share them safely.
  let entries: readonly RecentCall[] = [];
  let recoveredFrom: string | undefined;
  let loading: Promise<RecentsSnapshot> | null = null;
  let loaded = false;
  /** Changes queued behind the load; later changes queue behind them so call order holds. */
  let queuedBeforeLoad = 0;

  const scheduleWrite = createCoalescingWriter(async () => {
    await fs.mkdir(path.dirname(deps.file), { recursive: true });
    await writeFileAtomic(deps.file, JSON.stringify({ schemaVersion: RECENTS_SCHEMA_VERSION, entries }));
  });

  async function persist(): Promise<void> {
    try {
      await scheduleWrite();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      log.error('recent calls not saved', { code });
      throw new AppError('recentsNotSaved', `Recent calls could not be saved (${code}). Check that the app's data folder is writable.`);
    }
  }

  function snapshot(): RecentsSnapshot {
    return recoveredFrom === undefined ? { entries: [...entries] } : { entries: [...entries], recoveredFrom };
  }

  function commit(next: readonly RecentCall[]): Promise<void> {
    entries = next;
    const current = snapshot();
    for (const listener of listeners) {
      try {
        listener(current);
      } catch (error) {
        log.error('recents listener failed', { error });
      }
    }
    return persist();
  }

  async function readFromDisk(): Promise<void> {
    let read;
    try {
      read = await readJsonFile(deps.file, (raw) => fileSchema.parse(raw));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new AppError('recentsUnreadable', `Recent calls could not be read (${code}). Check the app's data folder.`);
    }
    if (read.status === 'ok') {
      const interrupted = read.value.entries.filter((e) => e.outcome === 'inProgress').length;
      entries = newestFirst(read.value.entries.map(settleInterrupted).map(freeze)).slice(0, cap);
      if (interrupted > 0) log.warn('calls still in progress when the app last stopped are marked as failed', { count: interrupted });
    } else if (read.status === 'corrupt') {
      recoveredFrom = await setAsideCorruptFile(deps.file, new Date());
      log.warn('recent calls file was damaged; set aside, starting with an empty list', { reason: read.error, copy: recoveredFrom });
      entries = [];
    }
  }

  /**
   * Applies `change` (which commits synchronously and returns the write) now if the list is
   * loaded, else right after the load: writing before reading would replace the user's history.
   */
  function apply(change: () => Promise<void>): Promise<void> {
    if (loaded && queuedBeforeLoad === 0) {
      try {
        return change();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    queuedBeforeLoad++;
    return store.load().then(
      () => {
        queuedBeforeLoad--;
        return change();
      },
      (error: unknown) => {
        queuedBeforeLoad--;
        throw error;
      },
    );
  }

  const store: RecentsStore = {
    load() {
      loading ??= readFromDisk().then(() => {
        loaded = true;
        log.info('recent calls loaded', { count: entries.length, recovered: recoveredFrom !== undefined });
        return snapshot();
      });
      return loading;
    },

    snapshot,

    add(entry) {
      const parsed = recentCallSchema.safeParse(entry);
      if (!parsed.success) return Promise.reject(invalid('invalidRecent', parsed.error));
      return apply(() => {
        if (entries.some((e) => e.id === entry.id)) {
          throw new AppError('duplicateRecent', `A recent call with id ${entry.id} already exists.`);
        }
        const added = freeze(parsed.data);
        // Newest first by request time; a new entry goes before others requested in the same millisecond.
        const at = entries.findIndex((e) => e.requestedAt <= added.requestedAt);
        const next = at === -1 ? [...entries, added] : [...entries.slice(0, at), added, ...entries.slice(at)];
        return commit(next.slice(0, cap));
      });
    },

    update(id, patch) {
      const parsed = patchSchema.safeParse(patch);
      if (!parsed.success) return Promise.reject(invalid('invalidRecentUpdate', parsed.error));
      return apply(() => {
        const index = entries.findIndex((e) => e.id === id);
        const existing = entries[index];
        if (!existing) throw new AppError('recentNotFound', 'That recent call is no longer in the list.');
        const updated = freeze({ ...existing, ...parsed.data });
        const next = [...entries];
        next[index] = updated;
        return commit(existing.requestedAt === updated.requestedAt ? next : newestFirst(next));
      });
    },

    remove(id) {
      return apply(() => {
        // Deleting what is already gone (a double click) is not an error.
        if (!entries.some((e) => e.id === id)) return Promise.resolve();
        return commit(entries.filter((e) => e.id !== id));
      });
    },

    clear() {
      return apply(() => commit([]));
    },

    exportCsv() {
      const rows = entries.map((e) => [
        iso(e.requestedAt),
        e.e164,
        e.displayNumber,
        e.agent?.name ?? '',
        e.agent?.id ?? '',
        e.source,
        e.outcome,
        iso(e.connectedAt),
        iso(e.endedAt),
        e.connectedAt !== undefined && e.endedAt !== undefined ? String(Math.max(0, Math.round((e.endedAt - e.connectedAt) / 1000))) : '',
        e.conversationId ?? '',
        e.detail ?? '',
      ]);
      const header = ['Requested at (UTC)', 'Number (E.164)', 'Number as shown', 'Agent', 'Agent ID', 'Source', 'Outcome', 'Connected at (UTC)', 'Ended at (UTC)', 'Duration (s)', 'Conversation ID', 'Detail'];
      return {
        fileName: `recent-calls-${new Date().toISOString().slice(0, 10)}.csv`,
        mimeType: 'text/csv;charset=utf-8',
        // The BOM makes Excel read the file as UTF-8, so agent names with accents survive.
        content: `\uFEFF${toCsv([header, ...rows])}`,
      };
    },

    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
  return store;
}

export const INTERRUPTED_DETAIL = "The app stopped before this call ended, so its outcome is unknown. Check the agent's phone for what happened.";

/**
 * No one follows a call from an earlier run any more, so an entry saved mid-call would say
 * "in progress" for ever: it is settled as failed, as an unknown dial outcome is.
 */
function settleInterrupted(entry: RecentCall): RecentCall {
  return entry.outcome === 'inProgress' ? { ...entry, outcome: 'failed', detail: INTERRUPTED_DETAIL } : entry;
}

function freeze(entry: RecentCall): RecentCall {
  if (entry.agent) Object.freeze(entry.agent);
  return Object.freeze(entry);
}

function newestFirst(list: readonly RecentCall[]): RecentCall[] {
  return [...list].sort((a, b) => b.requestedAt - a.requestedAt);
}

function iso(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString();
}

function invalid(code: string, error: z.ZodError): AppError {
  const issues = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  return new AppError(code, `Invalid recent call: ${issues.map((i) => `${i.path || 'entry'} ${i.message}`).join('; ')}.`, issues);
}
