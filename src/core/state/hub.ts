/**
 * Main's view of what the renderer shows. Services change slices; every change bumps one
 * sequence number shared by all events and is pushed to every connected window. A renderer
 * asks for the current value once at start and then ignores any event older than it, so it
 * can neither miss early events nor go backwards.
 */
import type { AppSnapshot, DirectorySnapshot, PresenceUpdate, RecentsSnapshot } from '../../shared/domain';
import type { EventChannel, EventPayload } from '../../shared/ipc/contract';

export type EventListener = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void;

export type AppSlices = Omit<AppSnapshot, 'seq'>;

export interface StateHub {
  app(): AppSnapshot;
  recents(): RecentsSnapshot & { seq: number };
  directory(): DirectorySnapshot & { seq: number };
  updateApp(patch: Partial<AppSlices> | ((current: AppSnapshot) => Partial<AppSlices>)): void;
  setRecents(recents: RecentsSnapshot): void;
  setDirectory(directory: DirectorySnapshot): void;
  /** Row-level presence changes: only these are sent, never the whole directory. */
  pushPresence(updates: PresenceUpdate[]): void;
  /** Each transport (an Electron window, a bridge socket) listens here. */
  subscribe(listener: EventListener): () => void;
}

export function createStateHub(initial: { app: AppSlices; recents: RecentsSnapshot; directory: DirectorySnapshot }): StateHub {
  let seq = 0;
  let app: AppSnapshot = { ...initial.app, seq };
  let recents = { ...initial.recents, seq };
  let directory = { ...initial.directory, seq };
  const listeners = new Set<EventListener>();

  const emit = <C extends EventChannel>(channel: C, payload: EventPayload<C>): void => {
    for (const listener of listeners) listener(channel, payload);
  };

  return {
    app: () => app,
    recents: () => recents,
    directory: () => directory,
    updateApp(patch) {
      const changes = typeof patch === 'function' ? patch(app) : patch;
      app = { ...app, ...changes, seq: ++seq };
      emit('app:snapshotChanged', app);
    },
    setRecents(next) {
      recents = { ...next, seq: ++seq };
      emit('recents:listChanged', recents);
    },
    setDirectory(next) {
      directory = { ...next, seq: ++seq };
      emit('agents:directoryChanged', directory);
    },
    pushPresence(updates) {
      if (updates.length === 0) return;
      const byId = new Map(updates.map((update) => [update.id, update]));
      // Keep the held directory current too, so a late getDirectory sees the new presence.
      directory = {
        ...directory,
        agents: directory.agents.map((agent) => {
          const update = byId.get(agent.id);
          return update ? { ...agent, presence: update.presence, presenceLabel: update.presenceLabel, routingStatus: update.routingStatus } : agent;
        }),
        seq: ++seq,
      };
      emit('agents:presenceChanged', { seq, updates });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
