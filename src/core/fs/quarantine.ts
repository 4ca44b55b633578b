import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Moves a corrupt data file out of the way, next to where it was, so the app can start clean
 * without destroying what the user might still want back. Returns the new path.
 * `recents.json` → `recents.corrupt-2026-12-01T18-52-20-123Z.json`.
 */
export async function setAsideCorruptFile(file: string, at: Date): Promise<string> {
  const { dir, name, ext } = path.parse(file);
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  for (let attempt = 0; ; attempt++) {
    const target = path.join(dir, `${name}.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}${ext}`);
    try {
      // link + unlink instead of rename: rename would silently replace an earlier copy with the same stamp.
      await fs.link(file, target);
      await fs.unlink(file);
      return target;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && attempt < 100) continue;
      if (code === 'EEXIST') throw error;
      // File systems without hard links (FAT, some network shares): fall back to a plain rename.
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV' || code === 'EOPNOTSUPP') {
        await fs.rename(file, target);
        return target;
      }
      throw error;
    }
  }
}
