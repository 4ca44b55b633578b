#!/usr/bin/env node
/** `npm start`: set up what is missing, build, and launch the Electron app. */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { electronRuntime } from './electron-runtime.mjs';

const root = path.resolve(import.meta.dirname, '..');
execFileSync(process.execPath, [path.join(root, 'scripts', 'bootstrap.mjs'), '--for', 'start'], { stdio: 'inherit' });

let runtime = electronRuntime(root);
if (!runtime.available) {
  process.stdout.write('[start] fetching the Electron runtime…\n');
  spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], { cwd: root, stdio: 'inherit' });
  runtime = electronRuntime(root);
}
if (!runtime.available) {
  process.stderr.write(
    '\n[start] The Electron runtime could not be downloaded on this machine, so the desktop app cannot launch here.\n' +
      '        Run `npm run dev:web` instead: it starts the same app services and renderer in your browser through the loopback web bridge, with the demo org.\n',
  );
  process.exit(1);
}
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const child = spawn(runtime.binary, ['.'], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
