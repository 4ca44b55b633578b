/**
 * Where the window opens: the size and position it had last time, as long as that still fits
 * the displays attached now (a laptop undocked from its monitor must not open off-screen).
 * Pure placement rules plus a small store that persists them with an atomic write.
 */
import { readJsonFile, writeFileAtomic } from '../../core/fs/atomic';
import type { Clock } from '../../core/clock';
import type { Logger } from '../../core/logging/logger';
import { WINDOW_MIN_HEIGHT, WINDOW_MIN_WIDTH } from './security';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayArea {
  /** The usable area (without taskbar, dock, menu bar). */
  workArea: Rect;
  primary: boolean;
}

export interface SavedBounds extends Rect {
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 420, height: 680 };
export const COMPACT_SIZE = { width: 380, height: 168 };
/** At least this much of the window must be on a display for the user to grab it. */
const VISIBLE_MARGIN = 64;

export function primaryArea(displays: readonly DisplayArea[]): Rect {
  const primary = displays.find((display) => display.primary) ?? displays[0];
  return primary?.workArea ?? { x: 0, y: 0, width: 1280, height: 800 };
}

export function centredIn(area: Rect, size: { width: number; height: number }): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return { x: Math.round(area.x + (area.width - width) / 2), y: Math.round(area.y + (area.height - height) / 2), width, height };
}

/**
 * The bounds to open with. Missing or nonsensical → default size centred on the primary display;
 * not visible enough on any display → same size, centred on the primary; larger than the display
 * it is on → clamped to it; smaller than the minimum → grown to it.
 */
export function placeWindow(saved: SavedBounds | null, displays: readonly DisplayArea[]): SavedBounds {
  const primary = primaryArea(displays);
  if (!saved || !isRect(saved)) return { ...centredIn(primary, DEFAULT_SIZE), maximized: false };

  const width = Math.max(WINDOW_MIN_WIDTH, Math.round(saved.width));
  const height = Math.max(WINDOW_MIN_HEIGHT, Math.round(saved.height));
  const wanted = { x: Math.round(saved.x), y: Math.round(saved.y), width, height };
  const home = bestDisplay(wanted, displays);
  if (!home) return { ...centredIn(primary, { width, height }), maximized: saved.maximized };

  const clampedWidth = Math.min(width, home.width);
  const clampedHeight = Math.min(height, home.height);
  const x = clamp(wanted.x, home.x, home.x + home.width - clampedWidth);
  const y = clamp(wanted.y, home.y, home.y + home.height - clampedHeight);
  return { x, y, width: clampedWidth, height: clampedHeight, maximized: saved.maximized };
}

/** The quick-dial box: small, centred horizontally in the upper third of the display the user is on. */
export function compactBounds(area: Rect): Rect {
  const width = Math.min(COMPACT_SIZE.width, area.width);
  const height = Math.min(COMPACT_SIZE.height, area.height);
  return { x: Math.round(area.x + (area.width - width) / 2), y: Math.round(area.y + area.height / 4 - height / 2), width, height };
}

/** The display whose work area overlaps the window most, if the overlap is enough to grab it. */
function bestDisplay(bounds: Rect, displays: readonly DisplayArea[]): Rect | null {
  let best: Rect | null = null;
  let bestArea = 0;
  for (const { workArea } of displays) {
    const overlapWidth = Math.min(bounds.x + bounds.width, workArea.x + workArea.width) - Math.max(bounds.x, workArea.x);
    const overlapHeight = Math.min(bounds.y + bounds.height, workArea.y + workArea.height) - Math.max(bounds.y, workArea.y);
    if (overlapWidth < VISIBLE_MARGIN || overlapHeight < VISIBLE_MARGIN) continue;
    // The title bar must be reachable: the window's top edge has to be inside the display.
    if (bounds.y < workArea.y - VISIBLE_MARGIN || bounds.y > workArea.y + workArea.height - VISIBLE_MARGIN) continue;
    const area = overlapWidth * overlapHeight;
    if (area > bestArea) {
      best = workArea;
      bestArea = area;
    }
  }
  return best;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

function isRect(value: Rect): boolean {
  return [value.x, value.y, value.width, value.height].every((n) => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < 100_000) && value.width > 0 && value.height > 0;
}

/** Reads the persisted file; anything malformed counts as "no saved bounds". */
export function parseSavedBounds(raw: unknown): SavedBounds {
  if (!raw || typeof raw !== 'object') throw new Error('window bounds: not an object');
  const record = raw as Record<string, unknown>;
  const numbers = ['x', 'y', 'width', 'height'].map((key) => record[key]);
  if (!numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) throw new Error('window bounds: x, y, width and height must be numbers');
  const [x, y, width, height] = numbers as [number, number, number, number];
  return { x, y, width, height, maximized: record['maximized'] === true };
}

export interface BoundsStore {
  load(): Promise<SavedBounds | null>;
  /** Debounced: a drag produces hundreds of moves, one write is enough. */
  save(bounds: SavedBounds): void;
  flush(): Promise<void>;
}

export function createBoundsStore(deps: { file: string; clock: Clock; log: Logger; debounceMs?: number }): BoundsStore {
  const debounceMs = deps.debounceMs ?? 500;
  let pending: SavedBounds | null = null;
  let timer: unknown = null;
  let writing: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    timer = null;
    const bounds = pending;
    pending = null;
    if (!bounds) return writing;
    writing = writing
      .then(() => writeFileAtomic(deps.file, `${JSON.stringify(bounds)}\n`))
      .catch((error: unknown) => deps.log.warn('window bounds: could not save', { error }));
    return writing;
  };

  return {
    async load() {
      const read = await readJsonFile(deps.file, parseSavedBounds);
      if (read.status === 'ok') return read.value;
      if (read.status === 'corrupt') deps.log.warn('window bounds: ignoring a corrupt file', { error: read.error });
      return null;
    },
    save(bounds) {
      pending = bounds;
      if (timer !== null) deps.clock.clearTimeout(timer);
      timer = deps.clock.setTimeout(() => void write(), debounceMs);
    },
    async flush() {
      if (timer !== null) deps.clock.clearTimeout(timer);
      await write();
    },
  };
}
