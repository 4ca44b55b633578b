import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../core/clock';
import { createMemoryLogger } from '../../core/logging/logger';
import { compactBounds, createBoundsStore, DEFAULT_SIZE, placeWindow, type DisplayArea } from './window-bounds';

const laptop: DisplayArea = { primary: true, workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const monitorRight: DisplayArea = { primary: false, workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
const monitorLeft: DisplayArea = { primary: false, workArea: { x: -1920, y: 0, width: 1920, height: 1040 } };

describe('placeWindow', () => {
  it('first start: default size centred on the primary display', () => {
    expect(placeWindow(null, [monitorRight, laptop])).toEqual({ x: 510, y: 123, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height, maximized: false });
  });

  it('keeps saved bounds that are fully on a display', () => {
    const saved = { x: 1600, y: 100, width: 500, height: 700, maximized: false };
    expect(placeWindow(saved, [laptop, monitorRight])).toEqual(saved);
  });

  it('keeps a window on a display left of the primary (negative coordinates)', () => {
    const saved = { x: -1500, y: 200, width: 420, height: 680, maximized: true };
    expect(placeWindow(saved, [laptop, monitorLeft])).toEqual(saved);
  });

  it('off-screen (monitor unplugged): same size, centred on the primary', () => {
    const saved = { x: 2000, y: 100, width: 500, height: 700, maximized: false };
    expect(placeWindow(saved, [laptop])).toEqual({ x: 470, y: 113, width: 500, height: 700, maximized: false });
  });

  it('a title bar above the top of every display counts as off-screen', () => {
    const saved = { x: 100, y: -600, width: 420, height: 680, maximized: false };
    expect(placeWindow(saved, [laptop]).y).toBeGreaterThanOrEqual(25);
  });

  it('too big for its display: clamped to the work area', () => {
    const saved = { x: 10, y: 30, width: 3000, height: 2000, maximized: false };
    expect(placeWindow(saved, [laptop])).toEqual({ x: 0, y: 25, width: 1440, height: 875, maximized: false });
  });

  it('hanging over an edge: pulled back inside', () => {
    const saved = { x: 1300, y: 600, width: 420, height: 680, maximized: false };
    expect(placeWindow(saved, [laptop])).toEqual({ x: 1020, y: 220, width: 420, height: 680, maximized: false });
  });

  it('smaller than the minimum size: grown to it', () => {
    const placed = placeWindow({ x: 100, y: 100, width: 100, height: 100, maximized: false }, [laptop]);
    expect(placed.width).toBe(360);
    expect(placed.height).toBe(480);
  });

  it('nonsense values are treated as no saved bounds', () => {
    for (const saved of [
      { x: Number.NaN, y: 0, width: 400, height: 600, maximized: false },
      { x: 0, y: 0, width: 0, height: 600, maximized: false },
      { x: 1e9, y: 0, width: 400, height: 600, maximized: false },
    ]) {
      expect(placeWindow(saved, [laptop])).toMatchObject({ width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height });
    }
  });

  it('no displays reported (headless): a sane default', () => {
    expect(placeWindow(null, [])).toMatchObject({ width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height });
  });
});

describe('compactBounds', () => {
  it('a small box centred horizontally in the upper part of the display', () => {
    expect(compactBounds(laptop.workArea)).toEqual({ x: 530, y: 160, width: 380, height: 168 });
    expect(compactBounds({ x: 0, y: 0, width: 300, height: 100 })).toMatchObject({ width: 300, height: 100 });
  });
});

describe('createBoundsStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bounds-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function manualClock(): Clock & { fire(): void; pending(): number } {
    let timers: { fn: () => void; id: number }[] = [];
    let next = 0;
    return {
      now: () => 0,
      setTimeout: (fn) => {
        const id = ++next;
        timers.push({ fn, id });
        return id;
      },
      clearTimeout: (id) => {
        timers = timers.filter((timer) => timer.id !== id);
      },
      fire: () => {
        const due = timers;
        timers = [];
        for (const timer of due) timer.fn();
      },
      pending: () => timers.length,
    };
  }

  it('round-trips through the file, writing once per burst of moves', async () => {
    const clock = manualClock();
    const file = path.join(dir, 'window.json');
    const store = createBoundsStore({ file, clock, log: createMemoryLogger() });
    expect(await store.load()).toBeNull();
    for (let x = 0; x < 50; x++) store.save({ x, y: 40, width: 420, height: 680, maximized: false });
    expect(clock.pending()).toBe(1);
    await store.flush();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ x: 49, y: 40, width: 420, height: 680, maximized: false });
    const reloaded = createBoundsStore({ file, clock, log: createMemoryLogger() });
    expect(await reloaded.load()).toEqual({ x: 49, y: 40, width: 420, height: 680, maximized: false });
  });

  it('a corrupt file is ignored with a warning', async () => {
    const file = path.join(dir, 'window.json');
    await writeFile(file, '{"x": "left"}');
    const log = createMemoryLogger();
    expect(await createBoundsStore({ file, clock: manualClock(), log }).load()).toBeNull();
    expect(log.lines.join('\n')).toContain('corrupt');
  });

  it('the debounce timer writes without a flush', async () => {
    const clock = manualClock();
    const file = path.join(dir, 'window.json');
    const store = createBoundsStore({ file, clock, log: createMemoryLogger() });
    store.save({ x: 1, y: 2, width: 400, height: 600, maximized: true });
    clock.fire();
    await store.flush();
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ x: 1, maximized: true });
  });
});
