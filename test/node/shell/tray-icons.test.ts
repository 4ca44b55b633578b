/**
 * The tray icons iconFor names exist in resources/ (drawn by build/generate-icons.mjs), and the
 * dark-taskbar variants really are lighter than the ones for a light taskbar.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { iconFor, type TrayMode } from '../../../src/main/shell/tray-menu';

const resources = path.resolve(import.meta.dirname, '../../../resources');
const modes: TrayMode[] = ['signedOut', 'ready', 'inCall'];

/** Decodes the generator's own PNGs: RGBA, 8 bits, one IDAT, every row with filter 0. */
function decode(file: string): { size: number; pixels: Buffer } {
  const data = readFileSync(path.join(resources, file));
  expect(data.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  const size = data.readUInt32BE(16);
  const idat = data.indexOf('IDAT');
  const raw = inflateSync(data.subarray(idat + 4, idat + 4 + data.readUInt32BE(idat - 4)));
  const rows = Array.from({ length: size }, (_, y) => {
    expect(raw[y * (1 + size * 4)]).toBe(0);
    return raw.subarray(y * (1 + size * 4) + 1, (y + 1) * (1 + size * 4));
  });
  return { size, pixels: Buffer.concat(rows) };
}

/** Mean relative luminance of the icon's opaque pixels (alpha-weighted). */
function meanLuminance(file: string): number {
  const { pixels } = decode(file);
  let weighted = 0;
  let weight = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const alpha = (pixels[i + 3] ?? 0) / 255;
    const [r, g, b] = [pixels[i] ?? 0, pixels[i + 1] ?? 0, pixels[i + 2] ?? 0].map((c) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    weighted += alpha * (0.2126 * r + 0.7152 * g + 0.0722 * b);
    weight += alpha;
  }
  return weighted / weight;
}

describe('tray icon files', () => {
  it('every icon iconFor can name is a 32 px (or 16 px template) PNG in resources/', () => {
    for (const mode of modes) {
      for (const [platform, dark] of [['win32', false], ['win32', true], ['linux', false], ['darwin', false]] as const) {
        const icon = iconFor(mode, platform, dark);
        expect(decode(icon.file).size, icon.file).toBe(icon.template ? 16 : 32);
        if (icon.template) expect(decode(icon.file.replace('.png', '@2x.png')).size).toBe(32);
      }
    }
  });

  it('the dark-taskbar variants are clearly lighter than the light-taskbar ones', () => {
    for (const mode of modes) {
      const light = meanLuminance(iconFor(mode, 'win32', false).file);
      const dark = meanLuminance(iconFor(mode, 'win32', true).file);
      expect(dark, mode).toBeGreaterThan(light * 1.8);
    }
  });
});
