/**
 * What `npm run build` produces: the three bundles, and a preload that can load under
 * `sandbox: true` (a sandboxed preload may require only `electron`). Builds first when out/ is
 * missing, so this also runs on its own.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const out = (...parts: string[]): string => path.join(root, 'out', ...parts);

beforeAll(() => {
  if (!existsSync(out('preload', 'index.cjs')) || !existsSync(out('renderer', 'index.html')) || !existsSync(out('main', 'index.js'))) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
  }
}, 180_000);

describe('build output', () => {
  it('has the main, preload and renderer bundles', () => {
    expect(existsSync(out('main', 'index.js'))).toBe(true);
    expect(existsSync(out('preload', 'index.cjs'))).toBe(true);
    expect(readFileSync(out('renderer', 'index.html'), 'utf8')).toMatch(/Content-Security-Policy/);
  });

  it('the preload requires nothing but electron', () => {
    const preload = readFileSync(out('preload', 'index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]);
    expect(required.length).toBeGreaterThan(0);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).not.toMatch(/\bimport\s*\(/);
  });

  it('the renderer bundle carries no SDK, zod, libphonenumber or keytar', () => {
    const html = readFileSync(out('renderer', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/src="\.?\/?(assets\/[^"]+\.js)"/g)].map((match) => readFileSync(out('renderer', match[1] as string), 'utf8'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(script).not.toMatch(/purecloud-platform-client|PureCloudRegionHosts|ZodError|libphonenumber|keytar/);
    }
  });
});
