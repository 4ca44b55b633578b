import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The web bridge's shim: one classic script, built beside the app but never shipped in it. */
export default defineConfig({
  build: {
    outDir: 'out/bridge',
    emptyOutDir: true,
    minify: false,
    lib: { entry: resolve(import.meta.dirname, 'src/bridge/shim/index.ts'), formats: ['iife'], name: 'softphoneBridgeShim', fileName: () => 'shim.js' },
  },
});
