/**
 * The file sink: electron-log writes size-capped files (1 MB, one old file kept) in the app's
 * log folder. In Electron the main flavour is used; under plain Node (tests, web bridge) the
 * Node flavour, so the same code logs the same way everywhere.
 */
import path from 'node:path';
import type { LogSink } from '../../core/logging/logger';

import type NodeLog from 'electron-log/node';

/** electron-log's Node flavour; its main flavour extends it. */
type ElectronLogLike = typeof NodeLog;

export function createElectronLogSink(log: ElectronLogLike, logDir: string, options: { console: boolean }): LogSink {
  log.transports.file.maxSize = 1024 * 1024;
  log.transports.file.resolvePathFn = () => path.join(logDir, 'main.log');
  log.transports.file.level = 'debug';
  log.transports.console.level = options.console ? 'debug' : false;
  return (level, line) => log[level](line);
}
