/**
 * (d) The directory at 10,000 agents: the core's cold load (real SDK, paged, against the large
 * seed), the cached list's time to screen, then in Chromium through the bridge: main's "ready"
 * to the list on screen, the work per keystroke while filtering, and the JS heap after load.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSimulator } from '../../src/sim/index';
import { startDirectoryHarness } from '../../test/node/agents/harness';
import { startSignedOutBridge, waitUntil } from '../lib/bridge-app';
import { launchChromium, usedHeapBytes } from '../lib/browser';
import type { BenchContext } from '../lib/context';
import type { Metric } from '../lib/report';
import { round, summarize } from '../lib/stats';

const SECTION = 'd. directory (10,000 agents)';
export const DIRECTORY_METRICS = [
  { name: 'core: cold load of 10,000 agents + queues + teams, median', unit: 'ms' },
  { name: 'core: cached list on screen (start → first snapshot)', unit: 'ms' },
  { name: 'renderer: main ready → 10,000 rows counted on screen', unit: 'ms' },
  { name: 'renderer: filter work per keystroke, p95', unit: 'ms', target: { op: '<=', limit: 16, text: '≤ 16 ms p95' } },
  { name: 'renderer: JS heap after load (after GC)', unit: 'MB', target: { op: '<=', limit: 60, text: '≤ 60 MB' } },
] as const satisfies ReadonlyArray<Pick<Metric, 'name' | 'unit' | 'target'>>;

const epochNow = (): number => performance.timeOrigin + performance.now();

async function coreLoad(ctx: BenchContext): Promise<{ cold: number[]; cached: number; requests: number }> {
  const sim = await startSimulator({ seed: 'large' });
  try {
    const cold: number[] = [];
    const dataDir = await mkdtemp(path.join(tmpdir(), 'softphone-bench-directory-'));
    let requests = 0;
    for (let run = 0; run < (ctx.smoke ? 1 : 3); run++) {
      const h = await startDirectoryHarness({ sim, dataDir });
      // Cold: no cache from the previous run.
      await rm(h.cacheFile, { force: true });
      const from = sim.requestLog.length;
      const started = performance.now();
      await h.directory.start();
      await h.waitFor('the directory', () => (h.stateHub.directory().status === 'ready' ? true : undefined), 60_000);
      cold.push(performance.now() - started);
      requests = h.requestsSince(from).filter((r) => !r.path.startsWith('/api/v2/notifications')).length;
      // refresh() resolves once the cache is written, which the cached start below reads.
      await h.directory.refresh();
      await h.stop();
    }
    const warm = await startDirectoryHarness({ sim, dataDir });
    try {
      const started = performance.now();
      await warm.directory.start();
      await warm.waitFor('the cached list', () => (warm.directoryEvents.some((e) => e.fromCache && e.agents.length === 10_000) ? true : undefined), 30_000);
      const cached = performance.now() - started;
      await warm.waitFor('the refresh', () => (warm.stateHub.directory().status === 'ready' ? true : undefined), 60_000);
      return { cold, cached, requests };
    } finally {
      await warm.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  } finally {
    await sim.stop();
  }
}

/**
 * Stamps every keystroke in the page: from the keydown event to the first task after it, by
 * which time the input event, React's render and commit have run; layout is forced there too.
 */
const KEYSTROKE_PROBE = `(() => {
  window.__keystrokes = [];
  window.addEventListener('keydown', (event) => {
    const start = event.timeStamp;
    const key = event.key;
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      document.querySelector('ul[aria-label="Agents"]')?.getBoundingClientRect();
      window.__keystrokes.push({ key, ms: performance.now() - start });
    };
    channel.port2.postMessage(0);
  }, true);
})()`;

const LIST_SHOWN_PROBE = `(() => new Promise((resolve) => {
  const check = () => {
    const status = [...document.querySelectorAll('[role="status"]')].map((node) => node.textContent ?? '').join(' ');
    if (/\\b10000 of 10000 agents/.test(status.replace(/[,\\u202f\\u00a0]/g, ''))) {
      observer.disconnect();
      resolve(performance.timeOrigin + performance.now());
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  check();
}))()`;

const QUERIES = ['mar', 'garcia', 'sofia n', '100123', 'ahmed@', 'zz', 'li'];

async function rendererMeasures(ctx: BenchContext): Promise<{ shownMs: number; keystrokes: number[]; heapMb: number }> {
  const app = await startSignedOutBridge(ctx, { needsRenderer: true });
  const browser = await launchChromium(ctx);
  try {
    const page = await browser.newPage();
    await page.goto(app.bridge.url);
    await page.getByRole('button', { name: 'Try the demo org' }).waitFor({ timeout: 30_000 });
    let readyAt: number | undefined;
    const unsubscribe = app.bridge.app.hub.subscribe((channel, payload) => {
      if (channel === 'agents:directoryChanged' && readyAt === undefined && (payload as { status: string }).status === 'ready') readyAt = epochNow();
    });
    try {
      await page.getByRole('button', { name: 'Try the demo org' }).click();
      await page.getByRole('tab', { name: 'Agents' }).click({ timeout: 30_000 });
      const shownAt = (await page.evaluate(LIST_SHOWN_PROBE)) as number;
      const ready = await waitUntil('main to report the directory ready', () => readyAt, 60_000);
      const heapMb = (await usedHeapBytes(page)) / (1024 * 1024);
      await page.evaluate(KEYSTROKE_PROBE);
      const search = page.getByRole('searchbox', { name: 'Search agents' });
      await search.click();
      for (const query of ctx.smoke ? QUERIES.slice(0, 2) : QUERIES) {
        // Typed at a fast typist's pace, then erased key by key: both directions are keystrokes.
        await page.keyboard.type(query, { delay: 40 });
        for (let i = 0; i < query.length; i++) await page.keyboard.press('Backspace', { delay: 40 });
      }
      const stamped = (await page.evaluate('window.__keystrokes')) as Array<{ key: string; ms: number }>;
      if (process.env['BENCH_DEBUG']) ctx.progress(JSON.stringify(stamped));
      const keystrokes = stamped.map((stamp) => stamp.ms);
      return { shownMs: shownAt - ready, keystrokes, heapMb };
    } finally {
      unsubscribe();
    }
  } finally {
    await browser.close();
    await app.stop();
  }
}

export async function measureDirectory(ctx: BenchContext): Promise<Metric[]> {
  ctx.progress('d: core load');
  const core = await coreLoad(ctx);
  ctx.progress('d: renderer');
  const renderer = await rendererMeasures(ctx);
  const cold = summarize(core.cold);
  const keys = summarize(renderer.keystrokes);
  const [coldMetric, cachedMetric, shownMetric, keyMetric, heapMetric] = DIRECTORY_METRICS;
  return [
    { section: SECTION, ...coldMetric, value: cold.median, detail: `n=${cold.n}, min ${round(cold.min, 0)} / max ${round(cold.max, 0)} ms; ${core.requests} requests` },
    { section: SECTION, ...cachedMetric, value: core.cached },
    { section: SECTION, ...shownMetric, value: renderer.shownMs, detail: 'snapshot over the bridge socket, store and search index built, list rendered' },
    { section: SECTION, ...keyMetric, value: keys.p95, detail: `p50 ${round(keys.median)} ms, max ${round(keys.max)} ms, n=${keys.n} keystrokes` },
    { section: SECTION, ...heapMetric, value: renderer.heapMb },
  ];
}
