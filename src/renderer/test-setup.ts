import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetStore } from './src/store';
import { uninstallFakeSoftphone } from './src/test/fake-api';

// jsdom lays nothing out, so a virtualised list would see a 0-pixel viewport and render no rows.
// Give every element a viewport-sized box; the virtualiser then renders the first screenful.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 800 });

afterEach(() => {
  cleanup();
  resetStore();
  uninstallFakeSoftphone();
});
