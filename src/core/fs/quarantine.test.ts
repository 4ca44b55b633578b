import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setAsideCorruptFile } from './quarantine';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarantine-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('setAsideCorruptFile', () => {
  it('moves the file to a timestamped name next to it, content unchanged', async () => {
    const file = path.join(dir, 'recents.json');
    await fs.writeFile(file, '{broken');
    const at = new Date('2026-12-01T18:52:20.123Z');
    const moved = await setAsideCorruptFile(file, at);
    expect(moved).toBe(path.join(dir, 'recents.corrupt-2026-12-01T18-52-20-123Z.json'));
    expect(await fs.readFile(moved, 'utf8')).toBe('{broken');
    await expect(fs.access(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('never overwrites an earlier copy set aside in the same millisecond', async () => {
    const file = path.join(dir, 'recents.json');
    const at = new Date('2026-12-01T18:52:20.123Z');
    await fs.writeFile(file, 'first');
    const first = await setAsideCorruptFile(file, at);
    await fs.writeFile(file, 'second');
    const second = await setAsideCorruptFile(file, at);
    expect(second).not.toBe(first);
    expect(await fs.readFile(first, 'utf8')).toBe('first');
    expect(await fs.readFile(second, 'utf8')).toBe('second');
  });
});
