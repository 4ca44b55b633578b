#!/usr/bin/env node
/**
 * Draws the app and tray icons from code (no image tools needed) and writes them to resources/.
 * Run `node build/generate-icons.mjs` after changing the drawing; the PNGs are committed.
 * The glyph is a telephone handset: an arc with a rounded earpiece and mouthpiece.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const out = path.join(import.meta.dirname, '..', 'resources');

// ---------------------------------------------------------------- PNG encoding
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel(x, y), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// ---------------------------------------------------------------- shapes (unit square, y down)
const length = (x, y) => Math.hypot(x, y);
function capsule(px, py, ax, ay, bx, by, r) {
  const vx = bx - ax, vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return length(px - ax - t * vx, py - ay - t * vy) - r;
}
/** Signed distance to the handset: an arc over the top joining two thick ends. */
function handset(x, y) {
  const cx = 0.5, cy = 0.62, radius = 0.34, half = 0.08;
  const angle = Math.atan2(y - cy, x - cx);
  const inArc = angle < -0.35 && angle > -Math.PI + 0.35;
  const arc = inArc ? Math.abs(length(x - cx, y - cy) - radius) - half : Infinity;
  const end = (a) => [cx + Math.cos(a) * radius, cy + Math.sin(a) * radius];
  const [lx, ly] = end(-Math.PI + 0.35);
  const [rx, ry] = end(-0.35);
  // The ends flare outwards and down, like the earpiece and mouthpiece of a desk phone's handset.
  const ear = capsule(x, y, lx, ly, lx - 0.05, ly + 0.1, 0.11);
  const mouth = capsule(x, y, rx, ry, rx + 0.05, ry + 0.1, 0.11);
  return Math.min(arc, ear, mouth);
}
function roundedSquare(x, y, r) {
  const qx = Math.abs(x - 0.5) - (0.5 - r), qy = Math.abs(y - 0.5) - (0.5 - r);
  return length(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
const badge = (x, y) => length(x - 0.8, y - 0.8) - 0.17;

/** Anti-aliased coverage of `inside(x, y)` over a pixel, by 4×4 supersampling. */
function coverage(size, px, py, inside) {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inside((px + (sx + 0.5) / 4) / size, (py + (sy + 0.5) / 4) / size)) hits++;
  return hits / 16;
}
const over = (base, top, alpha) => base.map((channel, i) => Math.round(channel * (1 - alpha) + top[i] * alpha));

// ---------------------------------------------------------------- icons
const BLUE = [31, 111, 235];
const WHITE = [255, 255, 255];
const GREEN = [46, 160, 67];
const GREY = [110, 118, 129];
// Lighter tones for a dark Windows taskbar, where the mid-tones above read dim.
const LIGHT_BLUE = [121, 176, 255];
const LIGHT_GREY = [186, 192, 200];
const LIGHT_GREEN = [87, 211, 110];

function appIcon(size) {
  return png(size, (x, y) => {
    const bg = coverage(size, x, y, (u, v) => roundedSquare(u, v, 0.2) < 0);
    const glyph = coverage(size, x, y, (u, v) => handset((u - 0.1) / 0.8, (v - 0.12) / 0.8) < 0);
    const rgb = over(BLUE, WHITE, glyph);
    return [...rgb, Math.round(bg * 255)];
  });
}

/**
 * Coloured tray icons (Windows, Linux): the handset in the state's colour, a green dot during a
 * call. `onDark` draws the lighter variant for a dark Windows taskbar.
 */
function trayIcon(size, mode, onDark = false) {
  const colour = mode === 'signed-out' ? (onDark ? LIGHT_GREY : GREY) : onDark ? LIGHT_BLUE : BLUE;
  const green = onDark ? LIGHT_GREEN : GREEN;
  return png(size, (x, y) => {
    const glyph = coverage(size, x, y, (u, v) => handset(u, v) < 0 && (mode !== 'call' || badge(u, v) > 0.05));
    const dot = mode === 'call' ? coverage(size, x, y, (u, v) => badge(u, v) < 0) : 0;
    const alpha = Math.min(1, glyph + dot);
    const rgb = dot > 0 ? over(colour, green, dot / Math.max(alpha, 1e-6)) : colour;
    return [...rgb, Math.round(alpha * 255)];
  });
}

/** macOS template images: black with alpha only; macOS tints them for light and dark menu bars. */
function templateIcon(size, mode) {
  return png(size, (x, y) => {
    const glyph = coverage(size, x, y, (u, v) => handset(u, v) < 0 && (mode !== 'call' || badge(u, v) > 0.05));
    const dot = mode === 'call' ? coverage(size, x, y, (u, v) => badge(u, v) < 0) : 0;
    const strength = mode === 'signed-out' ? 0.45 : 1;
    return [0, 0, 0, Math.round(Math.min(1, glyph + dot) * strength * 255)];
  });
}

const files = { 'icon.png': appIcon(512) };
for (const mode of ['signed-out', 'ready', 'call']) {
  files[`tray-${mode}.png`] = trayIcon(32, mode);
  files[`tray-${mode}-on-dark.png`] = trayIcon(32, mode, true);
  files[`tray-${mode}Template.png`] = templateIcon(16, mode);
  files[`tray-${mode}Template@2x.png`] = templateIcon(32, mode);
}
for (const [name, data] of Object.entries(files)) {
  writeFileSync(path.join(out, name), data);
  console.log(`${name}: ${data.length} bytes`);
}
