import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readJsonFile, writeFileAtomic } from './atomic';
import { killBeforeRename } from './fixtures/kill-before-rename';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atomic-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

const fixture = fileURLToPath(new URL('./fixtures/write-then-hang.ts', import.meta.url));

describe('writeFileAtomic', () => {
  it('writes the whole content and leaves no temp file behind', async () => {
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, 'first');
    await writeFileAtomic(file, 'second, longer than the first');
    expect(await fs.readFile(file, 'utf8')).toBe('second, longer than the first');
    expect(await fs.readdir(dir)).toEqual(['a.json']);
  });

  it('keeps the old file intact when the process is killed between write and rename', async () => {
    const file = path.join(dir, 'recents.json');
    await writeFileAtomic(file, JSON.stringify({ version: 'old' }));

    const temp = await killBeforeRename(fixture, [file, JSON.stringify({ version: 'new' })]);

    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual({ version: 'old' });
    // The child really got as far as writing the new content, in the same folder.
    expect(path.dirname(temp)).toBe(dir);
    expect(JSON.parse(await fs.readFile(temp, 'utf8'))).toEqual({ version: 'new' });
    // And the next write from a fresh process still succeeds.
    await writeFileAtomic(file, JSON.stringify({ version: 'newer' }));
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual({ version: 'newer' });
  });

  it('removes its temp file and keeps the old file when the rename fails', async () => {
    const file = path.join(dir, 'a.json');
    await writeFileAtomic(file, 'old');
    vi.spyOn(fs, 'rename').mockRejectedValue(Object.assign(new Error('disk gone'), { code: 'EIO' }));
    await expect(writeFileAtomic(file, 'new')).rejects.toThrow('disk gone');
    expect(await fs.readFile(file, 'utf8')).toBe('old');
    expect(await fs.readdir(dir)).toEqual(['a.json']);
  });

  it('retries a rename that fails transiently (a scanner holding the file on Windows)', async () => {
    const file = path.join(dir, 'a.json');
    const realRename = fs.rename.bind(fs);
    const rename = vi
      .spyOn(fs, 'rename')
      .mockRejectedValueOnce(Object.assign(new Error('busy'), { code: 'EBUSY' }))
      .mockImplementation(realRename);
    await writeFileAtomic(file, 'content');
    expect(rename).toHaveBeenCalledTimes(2);
    expect(await fs.readFile(file, 'utf8')).toBe('content');
  });

  it('ends with exactly one complete version after many concurrent writes', async () => {
    const file = path.join(dir, 'a.json');
    const versions = Array.from({ length: 25 }, (_, i) => JSON.stringify({ i, pad: String(i).repeat(20_000) }));
    await Promise.all(versions.map((v) => writeFileAtomic(file, v)));
    expect(versions).toContain(await fs.readFile(file, 'utf8'));
    expect(await fs.readdir(dir)).toEqual(['a.json']);
  });

  it('fails with the file system error when the folder does not exist', async () => {
    await expect(writeFileAtomic(path.join(dir, 'missing', 'a.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('readJsonFile', () => {
  const parseName = (raw: unknown): string => {
    if (typeof raw !== 'object' || raw === null || typeof (raw as { name?: unknown }).name !== 'string') {
      throw new Error('name must be a string');
    }
    return (raw as { name: string }).name;
  };

  it('reports a missing file', async () => {
    expect(await readJsonFile(path.join(dir, 'nope.json'), parseName)).toEqual({ status: 'missing' });
  });

  it('returns the parsed value, tolerating a BOM', async () => {
    const file = path.join(dir, 'a.json');
    await fs.writeFile(file, '\uFEFF{"name":"Ada"}');
    expect(await readJsonFile(file, parseName)).toEqual({ status: 'ok', value: 'Ada' });
  });

  it('reports invalid JSON (including an empty file) as corrupt', async () => {
    const file = path.join(dir, 'a.json');
    await fs.writeFile(file, '{"name": "Ad');
    expect(await readJsonFile(file, parseName)).toMatchObject({ status: 'corrupt', error: expect.stringContaining('not valid JSON') });
    await fs.writeFile(file, '');
    expect(await readJsonFile(file, parseName)).toMatchObject({ status: 'corrupt' });
  });

  it('reports a wrong shape as corrupt with the parser message', async () => {
    const file = path.join(dir, 'a.json');
    await fs.writeFile(file, '{"name": 42}');
    expect(await readJsonFile(file, parseName)).toEqual({
      status: 'corrupt',
      error: 'unexpected content (name must be a string)',
    });
  });

  it('throws read errors that are not corruption', async () => {
    await expect(readJsonFile(dir, parseName)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
