#!/usr/bin/env node
/**
 * `npm test`: sets up what is missing, then runs every layer and prints one summary:
 * typecheck, lint, Electronegativity, build, vitest (node, under a real GNOME Keyring),
 * vitest (DOM), Playwright (chromium through the web bridge; electron, skipped with the reason
 * where no Electron runtime exists), and the benchmark in smoke mode.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
// Not test-results/: Playwright empties that folder when it starts.
const results = path.join(root, 'test-reports');

execFileSync(process.execPath, [path.join(root, 'scripts', 'bootstrap.mjs'), '--for', 'test'], { stdio: 'inherit' });
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

// Tests get their own HOME: the Genesys SDK reads ~/.genesyscloudjavascript/config (which can
// clear a gateway) and the keyring under test must be a throwaway one.
const home = mkdtempSync(path.join(os.tmpdir(), 'softphone-test-home-'));
const runtimeDir = mkdtempSync(path.join(os.tmpdir(), 'softphone-test-run-'));
const env = { ...process.env, HOME: home, XDG_RUNTIME_DIR: runtimeDir, XDG_DATA_HOME: path.join(home, '.local', 'share'), FORCE_COLOR: '0' };

const failures = [];
function step(name, command, args, options = {}) {
  process.stdout.write(`\n=== ${name} ===\n`);
  const started = Date.now();
  const run = spawnSync(command, args, { cwd: root, env, stdio: 'inherit', ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.status !== 0) {
    failures.push(name);
    process.stdout.write(`--- ${name}: FAILED (exit ${run.status ?? run.signal}) in ${seconds} s\n`);
  } else {
    process.stdout.write(`--- ${name}: ok in ${seconds} s\n`);
  }
}

step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.node.json']);
step('typecheck (web)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.web.json']);
step('lint', bin('eslint'), ['--max-warnings', '0', '.']);
step('electronegativity', process.execPath, ['scripts/electronegativity.mjs']);
step('build', 'npm', ['run', 'build', '--silent']);

const keyringRun = `printf 'softphone-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"`;
const vitestNode = [bin('vitest'), 'run', '--project', 'node', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(results, 'vitest-node.json')}`];
if (existsSync('/usr/bin/dbus-run-session') && existsSync('/usr/bin/gnome-keyring-daemon')) {
  step('vitest node (real GNOME Keyring)', 'dbus-run-session', ['--', 'sh', '-c', keyringRun, 'sh', ...vitestNode]);
} else {
  step('vitest node (no keyring: keytar tests will report skipped)', vitestNode[0], vitestNode.slice(1));
}
step('vitest dom', bin('vitest'), ['run', '--project', 'dom', '--reporter=default', '--reporter=json', `--outputFile.json=${path.join(results, 'vitest-dom.json')}`]);
step('playwright (chromium + electron)', bin('playwright'), ['test']);
step('bench (smoke)', bin('tsx'), ['bench/run.ts', '--smoke']);

// ---------------------------------------------------------------- summary
const counts = { passed: 0, failed: 0, skipped: 0 };
const layers = [];
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
for (const [label, file] of [['vitest node', 'vitest-node.json'], ['vitest dom', 'vitest-dom.json']]) {
  const report = readJson(path.join(results, file));
  if (!report) {
    layers.push(`${label}: no report`);
    continue;
  }
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests;
  counts.skipped += skipped;
  layers.push(`${label}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
}
const playwright = readJson(path.join(results, 'playwright.json'));
if (playwright) {
  const perProject = {};
  const skipReasons = new Set();
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const entry = (perProject[test.projectName] ??= { passed: 0, failed: 0, skipped: 0 });
        const status = test.status; // expected | unexpected | flaky | skipped
        if (status === 'skipped') {
          entry.skipped += 1;
          for (const annotation of test.annotations ?? []) if (annotation.type === 'skip' && annotation.description) skipReasons.add(annotation.description);
        } else if (status === 'expected' || status === 'flaky') entry.passed += 1;
        else entry.failed += 1;
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of playwright.suites ?? []) walk(suite);
  for (const [project, entry] of Object.entries(perProject)) {
    counts.passed += entry.passed;
    counts.failed += entry.failed;
    counts.skipped += entry.skipped;
    layers.push(`playwright ${project}: ${entry.passed} passed, ${entry.failed} failed, ${entry.skipped} skipped`);
  }
  for (const reason of skipReasons) layers.push(`  skipped because: ${reason}`);
} else {
  layers.push('playwright: no report');
}

process.stdout.write('\n=== summary ===\n');
for (const line of layers) process.stdout.write(`${line}\n`);
if (failures.length > 0) process.stdout.write(`failed steps: ${failures.join(', ')}\n`);
process.stdout.write(`total: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
rmSync(home, { recursive: true, force: true });
rmSync(runtimeDir, { recursive: true, force: true });
process.exit(failures.length > 0 || counts.failed > 0 ? 1 : 0);
