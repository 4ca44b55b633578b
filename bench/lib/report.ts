/**
 * What a benchmark run reports: one row per measured quantity, with the issue's target where it
 * has one. Targets are judged here, once, so the table, the JSON and docs/PERFORMANCE.md agree.
 */
import { round } from './stats';

export interface Target {
  /** The quantity must be at most (≤) or at least (≥) the limit. */
  op: '<=' | '>=';
  limit: number;
  /** As the issue states it, e.g. "≤ 50 ms (push)". */
  text: string;
}

export interface Metric {
  section: string;
  name: string;
  unit: string;
  /** The headline number compared with the target; null when not measured. */
  value: number | null;
  /** Supporting numbers: n, median, p95, ratios. */
  detail?: string;
  target?: Target;
  /** Why it was not measured (a missing dependency), if it was not. */
  notMeasured?: string;
}

export interface JudgedMetric extends Metric {
  verdict: 'met' | 'missed' | 'no target' | 'not measured';
  /** How far from the target, when missed. */
  missedBy?: string;
}

export function judge(metric: Metric): JudgedMetric {
  if (metric.value === null || metric.notMeasured) return { ...metric, verdict: 'not measured' };
  if (!metric.target) return { ...metric, verdict: 'no target' };
  const { op, limit } = metric.target;
  const met = op === '<=' ? metric.value <= limit : metric.value >= limit;
  if (met) return { ...metric, verdict: 'met' };
  const gap = Math.abs(metric.value - limit);
  const relative = limit !== 0 ? ` (${round((gap / Math.abs(limit)) * 100, 0)}%)` : '';
  return { ...metric, verdict: 'missed', missedBy: `${round(gap, 2)} ${metric.unit}${relative}` };
}

export function notMeasured(section: string, name: string, unit: string, reason: string, target?: Target): Metric {
  return { section, name, unit, value: null, notMeasured: reason, ...(target ? { target } : {}) };
}

function cell(metric: JudgedMetric): string {
  if (metric.value === null) return `not measured: ${metric.notMeasured ?? 'unknown reason'}`;
  if (metric.unit === 'yes/no') return `${metric.value ? 'yes' : 'no'}${metric.detail ? ` (${metric.detail})` : ''}`;
  return `${round(metric.value, 2)} ${metric.unit}${metric.detail ? ` (${metric.detail})` : ''}`;
}

function verdictCell(metric: JudgedMetric): string {
  if (metric.verdict === 'missed') return `MISSED by ${metric.missedBy ?? '?'}`;
  return metric.verdict;
}

/** A Markdown table: readable in a terminal and pasted as-is into docs/PERFORMANCE.md. */
export function markdownTable(metrics: readonly JudgedMetric[]): string {
  const rows = metrics.map((m) => [m.section, m.name, cell(m), m.target?.text ?? '—', verdictCell(m)]);
  const header = ['Section', 'Metric', 'Result', 'Target', 'Verdict'];
  const escape = (text: string): string => text.replace(/\|/g, '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}
