import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.ts', 'test/node/**/*.test.ts'],
          exclude: ['src/renderer/**', 'node_modules/**'],
          testTimeout: 20_000,
          hookTimeout: 20_000,
          // The SDK reads ~/.genesyscloudjavascript/config, which can clear a gateway; tests get a clean HOME.
          env: { SOFTPHONE_TEST: '1' },
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['src/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['src/renderer/test-setup.ts'],
        },
      },
    ],
  },
});
