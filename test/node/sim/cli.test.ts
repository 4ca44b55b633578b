import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseArgs } from '../../../src/sim/cli-args';
import { createSdkClient, loginClientCredentials, sdkApis } from '../../support/sdk';

const jsonLine = z
  .object({
    url: z.string().regex(/^http:\/\/127\.0\.0\.1:\d+$/),
    clientCredentials: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }),
    pkceClient: z.object({ clientId: z.string().min(1), redirectUri: z.literal('http://127.0.0.1:<any port>/<any path>') }),
    codeClient: z.object({ clientId: z.string(), clientSecret: z.string(), redirectUri: z.string() }),
    users: z.number().int().positive(),
  })
  .strict();

let child: ChildProcess | undefined;
afterEach(async () => {
  const running = child;
  child = undefined;
  if (!running?.pid || running.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
  // npx → tsx → node: signal the whole process group, or the simulator outlives the test.
  process.kill(-running.pid, 'SIGTERM');
  await exited;
});

function firstLine(args: string[]): Promise<{ line: string; ms: number }> {
  const started = performance.now();
  const proc = spawn('npx', ['tsx', 'src/sim/cli.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child = proc;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the simulator printed nothing within 15 s')), 15_000);
    createInterface({ input: proc.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ line, ms: performance.now() - started });
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited with ${String(code)} before printing`));
    });
  });
}

describe('npm run sim', () => {
  it('prints one JSON line the real SDK can log in with', async () => {
    const { line, ms } = await firstLine(['--json', '--port', '0']);
    const info = jsonLine.parse(JSON.parse(line));
    expect(info.users).toBe(25);
    console.log(`[measure] CLI start to first line (small seed, incl. npx+tsx): ${ms.toFixed(0)} ms`);
    const client = createSdkClient(info.url);
    await loginClientCredentials(client, { demo: { clientCredentials: info.clientCredentials } });
    expect((await sdkApis(client).users.getUsers({ pageSize: 1 })).total).toBe(25);
  });

  it('prints a human line without --json', async () => {
    const { line } = await firstLine(['--port', '0']);
    expect(line).toMatch(/^Genesys Cloud simulator at http:\/\/127\.0\.0\.1:\d+ \| client credentials \S+ \/ \S+ \| PKCE client \S+ \(redirect http:\/\/127\.0\.0\.1:<any port>\/<any path>\) \| 25 users$/);
  });

  it('parses its arguments and rejects bad ones with the usage', () => {
    expect(parseArgs(['--seed', 'large', '--port', '8123', '--json'])).toEqual({ seed: 'large', port: 8123, json: true, seedNumber: 1 });
    expect(parseArgs(['--seed', 'org.json'])).toMatchObject({ seed: { file: 'org.json' } });
    expect(() => parseArgs(['--port', 'abc'])).toThrow(/--port must be an integer/);
    expect(() => parseArgs(['--port'])).toThrow(/--port needs a value/);
    expect(() => parseArgs(['--verbose'])).toThrow(/Unknown argument --verbose. Usage/);
  });
});
