/**
 * Starts the web bridge with a data folder of its own and prints the URL to open. The demo
 * org ("Try the demo org") runs the simulator in-process, as in the desktop app.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import log from 'electron-log/node';
import { createLogger } from '../core/logging/logger';
import { createElectronLogSink } from '../main/logging/file-sink';
import { startBridge } from './server';

const root = path.resolve(import.meta.dirname, '..', '..');
const dataDir = process.env['SOFTPHONE_DATA_DIR'] ?? path.join(os.homedir(), '.softphone-companion-web');
mkdirSync(dataDir, { recursive: true });
const portArg = process.argv.indexOf('--port');
const logger = createLogger(createElectronLogSink(log, path.join(dataDir, 'logs'), { console: false }));

const bridge = await startBridge({
  dataDir,
  logger,
  port: portArg > 0 ? Number(process.argv[portArg + 1]) : 0,
  rendererDir: path.join(root, 'out', 'renderer'),
  shimFile: path.join(root, 'out', 'bridge', 'shim.js'),
  appVersion: (await import('../../package.json', { with: { type: 'json' } })).default.version,
  platform: process.platform,
  osLocale: Intl.DateTimeFormat().resolvedOptions().locale,
});
process.stdout.write(`Softphone Companion (web bridge, for development and tests): ${bridge.url}\nData folder: ${dataDir}\nPress Ctrl+C to stop.\n`);
const stop = (): void => {
  void bridge.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
