/**
 * The one place main's events enter the store. It subscribes to every event first and only then
 * asks for the current values, so nothing pushed in between is missed; the store drops any
 * payload older (by the hub's shared sequence number) than what it already holds, so a late
 * answer to a start-up request cannot take the view backwards.
 */
import { softphone, type SoftphoneApi } from '../api';
import { run } from './run';
import { useStore } from './index';

export interface BridgeHandle {
  /** Resolves once the start-up reads have landed (or failed). */
  ready: Promise<void>;
  stop(): void;
}

export function startBridge(api: SoftphoneApi = softphone()): BridgeHandle {
  const store = useStore.getState();
  const unsubscribers = [
    api.app.onSnapshotChanged((snapshot) => store.receiveSnapshot(snapshot)),
    api.recents.onListChanged((recents) => store.receiveRecents(recents)),
    api.agents.onDirectoryChanged((directory) => store.receiveDirectory(directory)),
    api.agents.onPresenceChanged((event) => store.receivePresence(event)),
  ];

  const ready = Promise.all([
    run(() => api.app.getInfo({})).then((result) => {
      if (result.ok) store.receiveAppInfo(result.value);
    }),
    run(() => api.app.getSnapshot({})).then((result) => {
      if (result.ok) store.receiveSnapshot(result.value);
      else store.reportError(`Could not load the app state: ${result.message}`);
    }),
    run(() => api.recents.get({})).then((result) => {
      if (result.ok) store.receiveRecents(result.value);
      else store.reportError(`Could not load recent calls: ${result.message}`);
    }),
    run(() => api.agents.getDirectory({})).then((result) => {
      if (result.ok) store.receiveDirectory(result.value);
      else store.reportError(`Could not load the agent directory: ${result.message}`);
    }),
  ]).then(() => undefined);

  return {
    ready,
    stop() {
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
}
