/**
 * Crash-safe file writes and tolerant JSON reads for the app's own data files (settings,
 * recents, caches). A reader only ever sees the old file or the new one, never half of either.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Windows: antivirus and indexers briefly hold new files open, so a rename can fail transiently. */
const TRANSIENT_RENAME_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);
const RENAME_ATTEMPTS = 5;

function tempPathFor(file: string): string {
  // Unique per write, so concurrent writers never share (and truncate) one temp file.
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Temp file in the same folder (rename is only atomic within one file system), write, fsync, rename. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const temp = tempPathFor(file);
  try {
    // 0o600: these files hold phone numbers and agent names; other local users need not read them.
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      // Without fsync, a power cut after the rename can leave an empty file under the final name.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(path.dirname(file));
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (attempt >= RENAME_ATTEMPTS || !TRANSIENT_RENAME_CODES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/** Makes the rename itself durable on POSIX; Windows cannot open a directory, and NTFS journals renames. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems (network mounts) refuse fsync on directories; the data file is already synced.
  } finally {
    await handle.close();
  }
}

export type JsonRead<T> = { status: 'missing' } | { status: 'ok'; value: T } | { status: 'corrupt'; error: string };

/**
 * Reads and validates a JSON file. `parse` throws on a wrong shape (a zod `.parse` fits); its
 * message becomes the `corrupt` error. Read failures other than "not found" (permissions, a
 * directory in the way) are thrown: they are not corruption and must not trigger recovery.
 */
export async function readJsonFile<T>(file: string, parse: (raw: unknown) => T): Promise<JsonRead<T>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw error;
  }
  let raw: unknown;
  try {
    // A hand-edited file saved by Notepad starts with a BOM, which JSON.parse rejects.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { status: 'corrupt', error: `not valid JSON (${errorMessage(error)})` };
  }
  try {
    return { status: 'ok', value: parse(raw) };
  } catch (error) {
    return { status: 'corrupt', error: `unexpected content (${errorMessage(error)})` };
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
