/**
 * `npm run bench`: the numbers issue 7 asks for, measured in one run on loopback against the
 * simulator, printed as a table and written to bench/results/latest.{json,md} (git-ignored).
 * `--smoke` runs every section with tiny N and judges nothing on time: it only proves the
 * benchmark still runs end to end (npm test runs it). `--only=a,c` runs some sections.
 *
 * A section whose dependency is missing (a module not written yet, no build, no browser) is
 * reported as "not measured: <reason>"; a section that crashes fails the run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createContext, NotMeasuredError, type BenchContext } from './lib/context';
import { judge, markdownTable, notMeasured, type JudgedMetric, type Metric } from './lib/report';
import { CALL_LAG_METRICS, measureCallLag } from './sections/call-lag';
import { DIAL_METRICS, measureDial } from './sections/dial';
import { DIRECTORY_METRICS, measureDirectory } from './sections/directory';
import { measureStartup, STARTUP_METRICS } from './sections/startup';
import { measureWatchCost, WATCH_COST_METRICS } from './sections/watch-cost';

interface Section {
  id: string;
  planned: ReadonlyArray<Pick<Metric, 'name' | 'unit' | 'target'>>;
  title: string;
  run(ctx: BenchContext): Promise<Metric[]>;
}

const sections: Section[] = [
  { id: 'a', title: 'a. dial overhead', planned: DIAL_METRICS, run: measureDial },
  { id: 'b', title: 'b. call-state lag', planned: CALL_LAG_METRICS, run: measureCallLag },
  { id: 'c', title: 'c. request cost of watching', planned: WATCH_COST_METRICS, run: measureWatchCost },
  { id: 'd', title: 'd. directory (10,000 agents)', planned: DIRECTORY_METRICS, run: measureDirectory },
  { id: 'e', title: 'e. start-up', planned: STARTUP_METRICS, run: measureStartup },
];

export interface BenchResults {
  startedAt: string;
  durationMs: number;
  smoke: boolean;
  machine: { cpus: number; cpuModel: string; memory: string; node: string; platform: string; loadAverageAtStart: number[]; loadAverageAtEnd?: number[] };
  metrics: JudgedMetric[];
  failures: string[];
}

function machine(): BenchResults['machine'] {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    platform: `${process.platform} ${os.release()}`,
    // Other work on the machine shows in every timing: the load average says how busy it was.
    loadAverageAtStart: os.loadavg().map((value) => Number(value.toFixed(2))),
  };
}

async function main(): Promise<void> {
  const ctx = createContext(process.argv.slice(2));
  const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
  const started = Date.now();
  const host = machine();
  const metrics: Metric[] = [];
  const failures: string[] = [];
  for (const section of sections) {
    if (only && !only.includes(section.id)) continue;
    const sectionStart = Date.now();
    try {
      metrics.push(...(await section.run(ctx)));
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
      const reason = error instanceof NotMeasuredError ? message : `failed: ${message}`;
      if (!(error instanceof NotMeasuredError)) {
        failures.push(`${section.title}: ${reason}`);
        ctx.progress(`${section.title} ${reason}\n${error instanceof Error ? (error.stack ?? '') : ''}`);
      }
      for (const planned of section.planned) metrics.push(notMeasured(section.title, planned.name, planned.unit, reason, planned.target));
    }
    ctx.progress(`${section.title}: ${((Date.now() - sectionStart) / 1000).toFixed(1)} s`);
  }
  const judged = metrics.map(judge);
  const results: BenchResults = {
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    smoke: ctx.smoke,
    machine: { ...host, loadAverageAtEnd: os.loadavg().map((value) => Number(value.toFixed(2))) },
    metrics: judged,
    failures,
  };
  const dir = path.join(ctx.root, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const m = results.machine;
  // Smoke numbers come from tiny N: shown, never judged against the targets.
  const table = markdownTable(ctx.smoke ? judged.map((metric) => ({ ...metric, verdict: metric.verdict === 'not measured' ? metric.verdict : 'no target' })) : judged);
  const footer = `${ctx.smoke ? 'smoke run (tiny N, times not judged)' : 'full run'} · ${m.cpus} CPUs (${m.cpuModel}) · ${m.memory} · node ${m.node} · ${m.platform} · load average ${m.loadAverageAtStart[0]} → ${m.loadAverageAtEnd?.[0] ?? '?'} · ${(results.durationMs / 1000).toFixed(0)} s · ${results.startedAt}`;
  // A run of some sections must not replace the last full table.
  const name = ctx.smoke ? 'smoke' : only ? 'partial' : 'latest';
  await writeFile(path.join(dir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(path.join(dir, `${name}.md`), `${table}\n\n${footer}\n`);
  process.stdout.write(`\n${table}\n\n${footer}\n`);
  if (failures.length > 0) {
    process.stdout.write(`failed sections:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}

await main();
