/** What every bench section gets, and the one way a section says a dependency is not ready yet. */
import path from 'node:path';

export interface BenchContext {
  smoke: boolean;
  root: string;
  /** Chromium for the renderer measurements (Debian's, or $CHROMIUM_PATH). */
  chromiumPath: string;
  /** Progress lines on stderr, so stdout keeps only the table. */
  progress(message: string): void;
}

/** Thrown by a section whose dependency (a module, a build, a browser) is not there: the run goes on. */
export class NotMeasuredError extends Error {}

export function createContext(argv: readonly string[]): BenchContext {
  const root = path.resolve(import.meta.dirname, '..', '..');
  return {
    smoke: argv.includes('--smoke'),
    root,
    chromiumPath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    progress: (message) => process.stderr.write(`[bench] ${message}\n`),
  };
}

/** Imports a module another engineer is still writing; its absence becomes "not measured", not a crash. */
export async function importOptional<T>(specifier: string, what: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url/.test(String(error))) {
      throw new NotMeasuredError(`${what} is not there yet (${specifier})`);
    }
    throw error;
  }
}
