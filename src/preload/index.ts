/**
 * Exposes exactly the contract as `window.softphone`: no generic invoke, no ipcRenderer, no
 * process. Bundled to one CommonJS file whose only require is `electron`, so it loads under
 * `sandbox: true`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildSoftphoneApi } from '../shared/ipc/api';
import type { Result } from '../shared/result';

const softphone = buildSoftphoneApi({
  invoke: (channel, args) => ipcRenderer.invoke(channel, args) as Promise<Result<unknown>>,
  subscribe: (channel, listener) => {
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
});

contextBridge.exposeInMainWorld('softphone', softphone);
