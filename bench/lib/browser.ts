/** Debian's Chromium under Playwright, with the flags this closed, GPU-less machine needs. */
import { existsSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { NotMeasuredError, type BenchContext } from './context';

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchChromium(ctx: BenchContext): Promise<Browser> {
  if (!existsSync(ctx.chromiumPath)) throw new NotMeasuredError(`no Chromium at ${ctx.chromiumPath} (set CHROMIUM_PATH)`);
  const { chromium } = await import('@playwright/test');
  return chromium.launch({ executablePath: ctx.chromiumPath, args: CHROMIUM_FLAGS, headless: true });
}

/** Used JS heap after a forced garbage collection, in bytes (Chromium's own accounting, via CDP). */
export async function usedHeapBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    return usage.usedSize;
  } finally {
    await cdp.detach();
  }
}
