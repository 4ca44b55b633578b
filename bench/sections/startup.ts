/**
 * (e) Start-up: what a user waits for before the window shows, and what is kept off that path.
 * Each measurement runs in a fresh Node process on a bundle of the code (esbuild, like the app's
 * own build: one file per entry, node_modules left external), so neither tsx's compiler nor an
 * SDK loaded by an earlier section can blur it:
 *   - importing the main-process core (src/main/services.ts) — and whether that loads the SDK;
 *   - importing the SDK itself (what signing in adds);
 *   - the bridge: page load to first contentful paint in Chromium, whether the SDK was loaded
 *     by then, and from "Try the demo org" to the SDK being loaded.
 * Bundle sizes come from out/ (npm run build).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { ensureRendererBuild } from '../lib/build';
import { CHROMIUM_FLAGS } from '../lib/browser';
import { NotMeasuredError, type BenchContext } from '../lib/context';
import { notMeasured, type Metric } from '../lib/report';
import { round, summarize } from '../lib/stats';

const run = promisify(execFile);
const SECTION = 'e. start-up';
export const STARTUP_METRICS = [
  { name: 'main-process core import (services.ts, no SDK), median', unit: 'ms' },
  { name: 'SDK loaded by the core import', unit: 'yes/no', target: { op: '<=', limit: 0, text: 'no (lazy)' } },
  { name: 'SDK import (paid at sign-in), median', unit: 'ms' },
  { name: 'first contentful paint through the bridge, median', unit: 'ms' },
  { name: 'SDK loaded before the first paint', unit: 'yes/no', target: { op: '<=', limit: 0, text: 'not before first paint' } },
  { name: '"Try the demo org" click → SDK loaded', unit: 'ms' },
  { name: 'renderer JS, gzipped', unit: 'KB', target: { op: '<=', limit: 150, text: '≤ 150 KB gzipped' } },
  { name: 'preload bundle', unit: 'KB' },
  { name: 'main bundle', unit: 'KB' },
] as const satisfies ReadonlyArray<Pick<Metric, 'name' | 'unit' | 'target'>>;

/** Runs in a fresh `node`: prints one JSON line with what it measured. */
const PROBE = String.raw`
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
const require = createRequire(import.meta.url);
const sdkLoaded = () => Object.keys(require.cache).some((file) => file.includes('purecloud-platform-client-v2'));
const [mode, coreBundle, bridgeBundle, rendererDir, shimFile, chromiumPath, flags] = process.argv.slice(2);
const out = {};
if (mode === 'core') {
  const started = performance.now();
  await import(coreBundle);
  out.coreMs = performance.now() - started;
  out.sdkAfterCore = sdkLoaded();
} else if (mode === 'sdk') {
  const started = performance.now();
  await import('purecloud-platform-client-v2');
  out.sdkMs = performance.now() - started;
} else {
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, child() { return quiet; } };
  const { startBridge } = await import(bridgeBundle);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'softphone-bench-startup-'));
  const bridge = await startBridge({ dataDir, logger: quiet, port: 0, rendererDir, shimFile, appVersion: '0.0.0-bench', platform: process.platform, osLocale: 'en-US', demoSeed: 'small', secretStore: 'memory' });
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: JSON.parse(flags), headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(bridge.url);
    out.fcpMs = await page.evaluate("new Promise((resolve) => { const read = () => { const entry = performance.getEntriesByName('first-contentful-paint')[0]; if (entry) resolve(entry.startTime); else setTimeout(read, 10); }; read(); })");
    out.sdkAtPaint = sdkLoaded();
    const demo = page.getByRole('button', { name: 'Try the demo org' });
    await demo.waitFor({ timeout: 30000 });
    const clickedAt = performance.now();
    await demo.click();
    while (!sdkLoaded() && performance.now() - clickedAt < 30000) await new Promise((resolve) => setTimeout(resolve, 2));
    out.clickToSdkMs = sdkLoaded() ? performance.now() - clickedAt : null;
  } finally {
    await browser.close();
    await bridge.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
process.stdout.write(JSON.stringify(out) + '\n');
process.exit(0);
`;

interface Probe {
  coreMs?: number;
  sdkAfterCore?: boolean;
  sdkMs?: number;
  fcpMs?: number;
  sdkAtPaint?: boolean;
  clickToSdkMs?: number | null;
}

async function bundle(ctx: BenchContext, dir: string): Promise<{ core: string; bridge: string }> {
  for (const entry of ['src/main/services.ts', 'src/bridge/server.ts']) {
    if (!existsSync(path.join(ctx.root, entry))) throw new NotMeasuredError(`${entry} is not there yet`);
  }
  const { build } = await import('esbuild');
  await build({
    entryPoints: { core: path.join(ctx.root, 'src/main/services.ts'), bridge: path.join(ctx.root, 'src/bridge/server.ts') },
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return { core: path.join(dir, 'core.js'), bridge: path.join(dir, 'bridge.js') };
}

async function probe(dir: string, args: string[]): Promise<Probe> {
  const { stdout } = await run(process.execPath, [path.join(dir, 'probe.mjs'), ...args], { cwd: dir, timeout: 120_000, maxBuffer: 1 << 20 });
  const line = stdout.trim().split('\n').pop() ?? '{}';
  return JSON.parse(line) as Probe;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

async function sizes(ctx: BenchContext): Promise<Metric[]> {
  const [, , , , , , rendererMetric, preloadMetric, mainMetric] = STARTUP_METRICS;
  const metrics: Metric[] = [];
  const built = await ensureRendererBuild(ctx);
  const js = (await filesUnder(built.rendererDir)).filter((file) => file.endsWith('.js'));
  let gzipped = 0;
  let raw = 0;
  for (const file of js) {
    const content = await readFile(file);
    raw += content.length;
    gzipped += gzipSync(content, { level: 9 }).length;
  }
  metrics.push({
    section: SECTION,
    ...rendererMetric,
    value: gzipped / 1024,
    detail: `${round(raw / 1024, 0)} KB raw in ${js.length} file(s)${built.source === 'bench' ? '; out/ missing, built by the bench with the same Vite settings' : ''}`,
  });
  for (const [metric, dir] of [
    [preloadMetric, path.join(ctx.root, 'out', 'preload')],
    [mainMetric, path.join(ctx.root, 'out', 'main')],
  ] as const) {
    if (!existsSync(dir)) {
      metrics.push(notMeasured(SECTION, metric.name, metric.unit, `${path.relative(ctx.root, dir)} is not built (npm run build)`));
      continue;
    }
    const files = (await filesUnder(dir)).filter((file) => /\.(c|m)?js$/.test(file));
    let total = 0;
    for (const file of files) total += (await stat(file)).size;
    metrics.push({ section: SECTION, ...metric, value: total / 1024, detail: `${files.length} file(s), not gzipped (loaded from disk)` });
  }
  return metrics;
}

export async function measureStartup(ctx: BenchContext): Promise<Metric[]> {
  // Inside the project so the bundles resolve node_modules; emptied so old chunks do not pile up.
  const dir = path.join(ctx.root, 'bench', 'results', '.startup');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const bundles = await bundle(ctx, dir);
  await writeFile(path.join(dir, 'probe.mjs'), PROBE);
  const runs = ctx.smoke ? 1 : 5;
  const core: Probe[] = [];
  const sdk: Probe[] = [];
  const page: Probe[] = [];
  const built = await ensureRendererBuild(ctx);
  for (let i = 0; i < runs; i++) {
    ctx.progress(`e: start-up run ${i + 1} of ${runs}`);
    core.push(await probe(dir, ['core', bundles.core]));
    sdk.push(await probe(dir, ['sdk']));
    page.push(await probe(dir, ['page', bundles.core, bundles.bridge, built.rendererDir, built.shimFile, ctx.chromiumPath, JSON.stringify(CHROMIUM_FLAGS)]));
  }
  const numbers = (list: Probe[], key: 'coreMs' | 'sdkMs' | 'fcpMs' | 'clickToSdkMs'): number[] => list.flatMap((p) => (typeof p[key] === 'number' ? [p[key] as number] : []));
  const c = summarize(numbers(core, 'coreMs'));
  const s = summarize(numbers(sdk, 'sdkMs'));
  const f = summarize(numbers(page, 'fcpMs'));
  const k = summarize(numbers(page, 'clickToSdkMs'));
  const [coreMetric, sdkByCore, sdkMetric, fcpMetric, sdkAtPaint, clickMetric] = STARTUP_METRICS;
  return [
    { section: SECTION, ...coreMetric, value: c.median, detail: `n=${c.n}, p95 ${round(c.p95, 0)} ms` },
    { section: SECTION, ...sdkByCore, value: core.some((p) => p.sdkAfterCore) ? 1 : 0, detail: `${core.length} fresh processes` },
    { section: SECTION, ...sdkMetric, value: s.median, detail: `n=${s.n}; ${round(s.median / (c.median || 1), 1)}× the core import` },
    { section: SECTION, ...fcpMetric, value: f.median, detail: `n=${f.n}, from navigation start` },
    { section: SECTION, ...sdkAtPaint, value: page.some((p) => p.sdkAtPaint) ? 1 : 0, detail: `${page.length} fresh bridges` },
    k.n > 0
      ? { section: SECTION, ...clickMetric, value: k.median, detail: `n=${k.n}: the SDK is imported when the session starts` }
      : notMeasured(SECTION, clickMetric.name, clickMetric.unit, 'the SDK was not loaded within 30 s of the click'),
    ...(await sizes(ctx)),
  ];
}
