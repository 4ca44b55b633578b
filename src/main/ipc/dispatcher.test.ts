import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/result';
import { createMemoryLogger } from '../../core/logging/logger';
import { createDispatcher, type HandlerTable } from './dispatcher';

const trusted = { trusted: true, description: 'app window' };

function table(overrides: Partial<HandlerTable>): HandlerTable {
  // Every channel answers "not used in this test" unless overridden: a test that hits one fails loudly.
  return new Proxy(overrides as HandlerTable, {
    get: (target, channel: string) =>
      (target as Record<string, unknown>)[channel] ??
      (() => {
        throw new Error(`unexpected call to ${channel}`);
      }),
  });
}

describe('dispatcher', () => {
  it('validates the payload and calls the handler with the parsed value', async () => {
    const preview = vi.fn(async ({ number }: { number: string }) => ({ valid: false as const, code: 'tooShort', problem: `short: ${number}` }));
    const dispatch = createDispatcher(table({ 'dial:preview': preview }), createMemoryLogger());
    const result = await dispatch(trusted, 'dial:preview', { number: '12' });
    expect(result).toEqual({ ok: true, value: { valid: false, code: 'tooShort', problem: 'short: 12' } });
    expect(preview).toHaveBeenCalledWith({ number: '12' });
  });

  it('rejects an invalid payload with a validation result and never calls the service', async () => {
    const place = vi.fn();
    const dispatch = createDispatcher(table({ 'dial:place': place }), createMemoryLogger());
    const result = await dispatch(trusted, 'dial:place', { number: 42, source: 'nowhere', extra: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('invalidArgument');
    expect(result.issues?.map((issue) => issue.path)).toEqual(expect.arrayContaining(['number', 'source']));
    expect(place).not.toHaveBeenCalled();
  });

  it('rejects a request from an untrusted sender before validation or the service', async () => {
    const getInfo = vi.fn();
    const log = createMemoryLogger();
    const dispatch = createDispatcher(table({ 'app:getInfo': getInfo }), log);
    const result = await dispatch({ trusted: false, description: 'https://evil.example/' }, 'app:getInfo', {});
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    expect(getInfo).not.toHaveBeenCalled();
    expect(log.lines.join('\n')).toContain('untrusted sender');
  });

  it('rejects unknown channels, including inherited object keys', async () => {
    const dispatch = createDispatcher(table({}), createMemoryLogger());
    expect(await dispatch(trusted, 'app:launchMissiles', {})).toMatchObject({ ok: false, code: 'unknownChannel' });
    expect(await dispatch(trusted, 'constructor', {})).toMatchObject({ ok: false, code: 'unknownChannel' });
    expect(await dispatch(trusted, 42, {})).toMatchObject({ ok: false, code: 'unknownChannel' });
  });

  it('turns an AppError into its code and message', async () => {
    const dispatch = createDispatcher(
      table({ 'calls:hangUp': () => Promise.reject(new AppError('callEnded', 'That call has already ended.')) }),
      createMemoryLogger(),
    );
    expect(await dispatch(trusted, 'calls:hangUp', { callId: 'c1' })).toEqual({ ok: false, code: 'callEnded', message: 'That call has already ended.' });
  });

  it('never leaks an unexpected error as a raw string', async () => {
    const log = createMemoryLogger();
    const dispatch = createDispatcher(
      table({
        'calls:hangUp': () => {
          throw new Error('socket hang up at /internal/path token=abc');
        },
      }),
      log,
    );
    const result = await dispatch(trusted, 'calls:hangUp', { callId: 'c1' });
    expect(result).toEqual({ ok: false, code: 'internal', message: expect.not.stringContaining('internal/path') });
    expect(log.lines.join('\n')).toContain('handler failed');
  });
});
