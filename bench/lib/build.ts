/**
 * The built renderer and bridge shim the bench serves. `npm run build` puts them in out/; when
 * out/ is not there (or the app build is broken), the bench builds the renderer and shim itself
 * into a temporary folder with the same Vite settings, so the renderer can still be measured.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rendererBuilt } from './bridge-app';
import type { BenchContext } from './context';

export interface RendererBuild {
  rendererDir: string;
  shimFile: string;
  /** 'out' for the project's own build; 'bench' for the bench's fallback build. */
  source: 'out' | 'bench';
}

let cached: Promise<RendererBuild> | null = null;

export function ensureRendererBuild(ctx: BenchContext): Promise<RendererBuild> {
  cached ??= (async () => {
    const existing = rendererBuilt(ctx.root);
    if (existing.ok) return { rendererDir: existing.rendererDir, shimFile: existing.shimFile, source: 'out' as const };
    ctx.progress(`${existing.reason}; building the renderer and the shim for the bench`);
    const { build } = await import('vite');
    const react = (await import('@vitejs/plugin-react')).default;
    const dir = await mkdtemp(path.join(tmpdir(), 'softphone-bench-build-'));
    const rendererDir = path.join(dir, 'renderer');
    await build({
      configFile: false,
      logLevel: 'warn',
      root: path.join(ctx.root, 'src', 'renderer'),
      base: './',
      plugins: [react()],
      build: { outDir: rendererDir, emptyOutDir: true },
    });
    await build({ configFile: path.join(ctx.root, 'vite.bridge.config.ts'), logLevel: 'warn', build: { outDir: path.join(dir, 'bridge') } });
    return { rendererDir, shimFile: path.join(dir, 'bridge', 'shim.js'), source: 'bench' as const };
  })();
  return cached;
}
