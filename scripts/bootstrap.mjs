#!/usr/bin/env node
/**
 * Makes a fresh machine ready: the system packages the tests and the app need (Debian/Ubuntu),
 * then `npm ci` when node_modules is missing or older than the lockfile. Installs apt packages
 * itself when it can (root + apt-get); otherwise stops with the exact command to run.
 *
 *   node scripts/bootstrap.mjs [--for test|start]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const purpose = process.argv.includes('start') ? 'start' : 'test';

/** Debian package → a file that proves it is installed. */
const systemPackages = {
  test: {
    chromium: '/usr/bin/chromium',
    xvfb: '/usr/bin/Xvfb',
    dbus: '/usr/bin/dbus-run-session',
    'gnome-keyring': '/usr/bin/gnome-keyring-daemon',
    'libsecret-1-dev': '/usr/include/libsecret-1/libsecret/secret.h',
  },
  start: {
    'libsecret-1-dev': '/usr/include/libsecret-1/libsecret/secret.h',
  },
}[purpose];

function log(message) {
  process.stdout.write(`[bootstrap] ${message}\n`);
}

function ensureSystemPackages() {
  if (process.platform !== 'linux') return;
  const missing = Object.entries(systemPackages).filter(([, file]) => !existsSync(file)).map(([name]) => name);
  if (missing.length === 0) return;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (!hasApt) {
    log(`missing system packages: ${missing.join(', ')}. Install them with your package manager (on Debian/Ubuntu: sudo ${command}).`);
    process.exit(1);
  }
  if (process.getuid?.() !== 0) {
    log(`missing system packages: ${missing.join(', ')}. Run:\n  sudo ${command}\nthen run this command again.`);
    process.exit(1);
  }
  log(`installing ${missing.join(', ')} with apt-get…`);
  execFileSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${command.replace('apt-get install', 'apt-get install -qq')} >/dev/null`], { stdio: 'inherit' });
}

function ensureNodeModules() {
  const modules = path.join(root, 'node_modules');
  const lock = path.join(root, 'package-lock.json');
  const marker = path.join(modules, '.package-lock.json');
  const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  log('installing npm dependencies (npm ci)…');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  log(`Node ${process.versions.node} is too old: this project needs Node 20.19 or newer.`);
  process.exit(1);
}
ensureSystemPackages();
ensureNodeModules();
