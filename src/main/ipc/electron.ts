/**
 * The Electron transport for the contract: one `ipcMain.handle` per request channel, all going
 * through the dispatcher, and hub events sent to the app's windows. The only file in main that
 * touches ipcMain or webContents.send (lint enforces it).
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import { requestChannels } from '../../shared/ipc/contract';
import type { StateHub } from '../../core/state/hub';
import type { Dispatch } from './dispatcher';

export interface ElectronIpcOptions {
  ipcMain: IpcMain;
  dispatch: Dispatch;
  hub: StateHub;
  /** True for the app's own top-level frame showing the app's own page. */
  isTrustedFrame(frame: Pick<WebFrameMain, 'url' | 'parent'> | null): boolean;
  /** The windows that receive pushed events. */
  targets(): WebContents[];
}

export function registerElectronIpc(options: ElectronIpcOptions): () => void {
  const { ipcMain, dispatch, hub, isTrustedFrame, targets } = options;
  for (const channel of requestChannels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      return dispatch({ trusted: isTrustedFrame(frame), description: frame?.url ?? 'unknown frame' }, channel, payload);
    });
  }
  const unsubscribe = hub.subscribe((channel, payload) => {
    for (const contents of targets()) {
      if (!contents.isDestroyed() && isTrustedFrame(contents.mainFrame)) contents.send(channel, payload);
    }
  });
  return () => {
    unsubscribe();
    for (const channel of requestChannels) ipcMain.removeHandler(channel);
  };
}
