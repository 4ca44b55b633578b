import type { Result } from '../../../shared/result';

/**
 * Awaits a contract call and turns a transport-level rejection (the bridge socket closed, the
 * preload missing) into a Failure, so every caller handles one shape.
 */
export async function run<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'transport', message: `The app did not answer (${detail}). Try again; restart the app if it keeps happening.` };
  }
}
