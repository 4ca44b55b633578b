#!/usr/bin/env node
/** `npm run dev:web`: build, then serve the app through the loopback web bridge (development and test shell). */
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
execFileSync(process.execPath, [path.join(root, 'scripts', 'bootstrap.mjs'), '--for', 'start'], { stdio: 'inherit' });
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['src/bridge/cli.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
