import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from './logger';
import { maskPhone, redactText } from './redact';

describe('log redaction', () => {
  it('masks phone numbers to their last four digits', () => {
    expect(maskPhone('+442079460123')).toBe('+••••••••0123');
    expect(redactText('dialling +44 20 7946 0123 for agent')).toBe('dialling +••••••••0123 for agent');
  });

  it('never writes tokens, secrets or Authorization headers', () => {
    const log = createMemoryLogger();
    log.info('request Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig', {
      clientSecret: 'super-secret-value',
      headers: { Authorization: 'Basic dXNlcjpwYXNz' },
      url: 'http://127.0.0.1:4000/cb?code=abc123&state=xyz',
      access_token: 'tok-123456',
      nested: { refreshToken: 'r-1', phoneNumber: '+15551234567' },
    });
    const text = log.lines.join('\n');
    for (const secret of ['eyJhbGciOiJIUzI1NiJ9', 'super-secret-value', 'dXNlcjpwYXNz', 'abc123', 'tok-123456', 'r-1', '+15551234567']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('4567');
  });

  it('leaves ids alone: a UUID or a hex id is not a phone number', () => {
    expect(redactText('connection 3f1c49bd-7528-4a1e-9b0c-11223344aa55 ready')).toBe('connection 3f1c49bd-7528-4a1e-9b0c-11223344aa55 ready');
    expect(redactText('dial +1 (201) 555-0123 now')).toBe('dial +•••••••0123 now');
  });

  it('keeps messages readable when nothing is sensitive', () => {
    const log = createMemoryLogger();
    log.warn('ipc: rejected', { channel: 'app:getInfo', count: 3 });
    expect(log.lines).toEqual(['warn ipc: rejected {"channel":"app:getInfo","count":3}']);
  });
});
