/**
 * (a) Dial overhead: from the IPC request (a `dial:place` frame on the web bridge's socket) to
 * the simulator receiving the POST, against a raw `fetch` POST with the same token. The receipt
 * time is Node's own `http.server.request.start` diagnostic in this process (the demo simulator
 * runs in-process), so both paths are timed by the same clock at the same point.
 *
 * Each dial is timed after its agent was picked, as a user dials: the UI sends `dial:prepare`
 * when the agent is chosen, so the bench sends it (and lets it settle) before the timed
 * `dial:place`. The raw fetch has nothing to prepare: it is the POST alone, as before.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from '../lib/context';
import { startBridgeApp, waitUntil } from '../lib/bridge-app';
import type { Metric } from '../lib/report';
import { round, summarize } from '../lib/stats';

const SECTION = 'a. dial overhead';
export const DIAL_METRICS = [
  { name: 'bridge dial → simulator receives POST, p50 minus raw fetch p50', unit: 'ms', target: { op: '<=', limit: 3, text: '≤ raw fetch + 3 ms at p50' } },
  { name: 'bridge dial → POST received (p50 / p95)', unit: 'ms' },
  { name: 'raw fetch → POST received (p50 / p95)', unit: 'ms' },
] as const satisfies ReadonlyArray<Pick<Metric, 'name' | 'unit' | 'target'>>;

/** A number that fails at once after the agent's leg (…3333 unreachable), so calls do not pile up. */
const NUMBER = '+13175553333';
const DIAL_PATH = /^\/api\/v2\/conversations\/calls\/user\/([^/?]+)$/;

export async function measureDial(ctx: BenchContext): Promise<Metric[]> {
  const n = ctx.smoke ? 5 : 200;
  const app = await startBridgeApp(ctx, { needsRenderer: false });
  const receipts = new Map<string, number>();
  const checks = new Map<string, number>();
  const subscriptionPuts: number[] = [];
  const onRequest = (message: unknown): void => {
    const request = (message as { request?: IncomingMessage }).request;
    if (!request?.url) return;
    const at = performance.now();
    const pathname = request.url.split('?')[0] ?? '';
    const dial = request.method === 'POST' ? DIAL_PATH.exec(pathname) : null;
    if (dial?.[1]) receipts.set(dial[1], at);
    const check = request.method === 'GET' ? /^\/api\/v2\/users\/([^/]+)$/.exec(pathname) : null;
    if (check?.[1]) checks.set(check[1], at);
    if (request.method === 'PUT' && pathname.endsWith('/subscriptions')) subscriptionPuts.push(at);
  };
  diagnostics.subscribe('http.server.request.start', onRequest);
  try {
    const { sim, client, bridge } = app;
    const token = [...sim.requestLog].reverse().find((entry) => entry.token)?.token;
    if (!token) throw new Error('no Genesys token seen in the simulator log');
    const agents = bridge.app.hub
      .directory()
      .agents.filter((agent) => agent.hasStation)
      .map((agent) => agent.id);
    if (agents.length < 2 * n) throw new Error(`only ${agents.length} agents with a station; ${2 * n} needed`);
    const logStart = sim.requestLog.length;
    const viaBridge: number[] = [];
    const viaFetch: number[] = [];
    const checkShare: number[] = [];
    const subscribeShare: number[] = [];
    // The raw POSTs spend the same token's 300 a minute behind the app's budget's back: pairs wait
    // while the last minute is near the limit, so neither path ever meets a 429 or a queue.
    const recentRequests = (): number => {
      const since = Date.now() - 60_000;
      let count = 0;
      for (let k = sim.requestLog.length - 1; k >= 0 && (sim.requestLog[k]?.at ?? 0) >= since; k--) count++;
      return count;
    };
    for (let i = 0; i < n; i++) {
      await waitUntil('room in the request budget', () => (recentRequests() < 200 ? true : undefined), 70_000);
      const bridgeAgent = agents[2 * i] as string;
      const rawAgent = agents[2 * i + 1] as string;
      const runBridge = async (): Promise<void> => {
        const prepared = await client.request('dial:prepare', { agentId: bridgeAgent });
        if (!prepared.ok) throw new Error(`preparing dial ${i} failed: ${JSON.stringify(prepared)}`);
        const { sentAt, result } = client.timed('dial:place', { number: NUMBER, agentId: bridgeAgent, source: 'dialpad', confirmWarnings: true });
        let settled: unknown;
        void result.then((value) => (settled = value));
        const receivedAt = await waitUntil(
          'the bridge POST',
          () => {
            if (settled !== undefined && !receipts.has(bridgeAgent)) throw new Error(`dial ${i} ended without a POST: ${JSON.stringify(settled)}`);
            return receipts.get(bridgeAgent);
          },
          10_000,
        );
        viaBridge.push(receivedAt - sentAt);
        // The prepared check is sent before the frame; only a GET after it is on the dial's path.
        const checkAt = checks.get(bridgeAgent);
        if (checkAt !== undefined && checkAt >= sentAt) checkShare.push(checkAt - sentAt);
        const put = subscriptionPuts.filter((at) => at >= sentAt && at <= receivedAt).pop();
        if (put !== undefined) subscribeShare.push(put - sentAt);
        const outcome = await result;
        if (!outcome.ok || outcome.value.status !== 'placed') throw new Error(`dial ${i} was not placed: ${JSON.stringify(outcome)}`);
      };
      const runFetch = async (): Promise<void> => {
        const sentAt = performance.now();
        const response = await fetch(`${sim.url}/api/v2/conversations/calls/user/${rawAgent}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ phoneNumber: NUMBER }),
        });
        const receivedAt = receipts.get(rawAgent);
        if (receivedAt === undefined) throw new Error('the raw POST was not seen by the simulator');
        viaFetch.push(receivedAt - sentAt);
        if (!response.ok) throw new Error(`raw POST answered ${response.status}: ${await response.text()}`);
      };
      // Alternate which goes first, so neither path always meets a warm (or cold) server.
      if (i % 2 === 0) {
        await runBridge();
        await runFetch();
      } else {
        await runFetch();
        await runBridge();
      }
      // Ended calls leave the snapshot, so it does not grow over the run.
      for (const call of bridge.app.hub.app().calls) if (call.phase === 'ended') await client.request('calls:dismiss', { callId: call.id });
    }
    const b = summarize(viaBridge);
    const f = summarize(viaFetch);
    const c = summarize(checkShare);
    const p = summarize(subscribeShare);
    const [overhead, bridgeMetric, fetchMetric] = DIAL_METRICS;
    const tooMany = sim.requestLog.filter((entry) => entry.status === 429).length;
    const perDial = (sim.requestLog.length - logStart) / n;
    return [
      {
        section: SECTION,
        ...overhead,
        value: b.median - f.median,
        detail: `n=${n} each (~${round(perDial, 1)} requests per pair, paced under the limit); ${round(b.median / f.median, 1)}× raw; each dial after its agent was picked (dial:prepare settled first); ${c.n} of ${n} dials sent the agent check (GET /users/{id}) after the frame${c.n ? ` (at ${round(c.median, 2)} ms p50)` : ''}; ${p.n} of ${n} sent a subscription PUT between the frame and the POST${p.n ? ` (at ${round(p.median, 2)} ms p50)` : ''}${tooMany ? `; ${tooMany} × 429` : ''}`,
      },
      { section: SECTION, ...bridgeMetric, value: b.median, detail: `p50 ${round(b.median)} / p95 ${round(b.p95)} ms, n=${b.n}` },
      { section: SECTION, ...fetchMetric, value: f.median, detail: `p50 ${round(f.median)} / p95 ${round(f.p95)} ms, n=${f.n}` },
    ];
  } finally {
    diagnostics.unsubscribe('http.server.request.start', onRequest);
    await app.stop();
  }
}
