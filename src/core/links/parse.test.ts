import { describe, expect, it } from 'vitest';
import { isPhoneLinkScheme, linkScheme, MAX_LINK_LENGTH, parseNumberText, parsePhoneLink, type LinkRejectCode } from './parse';
import { withoutStatedLimits } from './test-support';

type Case = [input: string, expected: string | { rejected: LinkRejectCode }, extra?: { country?: string; extension?: string }];

const US = '+12015550123';
const UK = '+442079460958';

const valid: Case[] = [
  ['tel:+1-201-555-0123', US],
  ['tel:+12015550123', US],
  ['tel:+1.201.555.0123', US],
  ['tel:+1(201)555-0123', US],
  ['tel:+1 (201) 555-0123', US],
  ['tel:+44-20-7946-0958', UK],
  ['tel:+44 20 7946 0958', UK],
  ['tel:+33-1-42-68-53-00', '+33142685300'],
  ['tel:+49-30-1234567', '+49301234567'],
  ['tel:+61-2-9374-4000', '+61293744000'],
  ['tel:+81-3-1234-5678', '+81312345678'],
  ['tel:+1-201-555-0123;ext=1234', US, { extension: '1234' }],
  ['tel:+1-201-555-0123;EXT=12-34', US, { extension: '1234' }],
  ['tel:+49-30-1234567;isub=1411', '+49301234567'],
  ['tel:+1-201-555-0123;isub=12;ext=7', US, { extension: '7' }],
  ['tel:555-0123;phone-context=+1-201', US],
  ['tel:2015550123;phone-context=example.com', US],
  ['tel:020 7946 0958', UK, { country: 'GB' }],
  ['tel:2015550123', US],
  ['tel:(201) 555-0123', US],
];

const sloppy: Case[] = [
  ['TEL:+12015550123', US],
  ['Tel:+12015550123', US],
  ['tel://+12015550123', US],
  ['tel:/+12015550123', US],
  ['tel://+1-201-555-0123/', US],
  ['callto:+12015550123', US],
  ['callto://+12015550123', US],
  ['CALLTO://+442079460958', UK],
  ['callto://+44 20 7946 0958', UK],
  ['callto:+442079460958?call', UK],
  ['tel:%2B12015550123', US],
  ['tel:%2B1%20201%20555%200123', US],
  ['tel:+33%201%2042%2068%2053%2000', '+33142685300'],
  ['tel:%2B1-201-555-0123%3Bext%3D99', US, { extension: '99' }],
  ['  tel:+12015550123  ', US],
  ['\ttel:+12015550123\n', US],
  ['tel: +1 201 555 0123', US],
  ['tel:+1-201-555-0123;', US],
  ['tel:+1\u00a0201\u00a0555\u00a00123', US],
  ['tel:+1-201-555-0123#ignored', US],
  ['tel:0012015550123', US, { country: 'GB' }],
  ['tel:+1-201-555-0123;tgrp=abc;trunk-context=example.com', US],
];

const hostile: Case[] = [
  ['javascript:alert(1)', { rejected: 'unsupportedScheme' }],
  ['JavaScript:alert(document.cookie)//tel:+12015550123', { rejected: 'unsupportedScheme' }],
  ['https://evil.example/tel:+12015550123', { rejected: 'unsupportedScheme' }],
  ['sip:+12015550123@example.com', { rejected: 'unsupportedScheme' }],
  ['data:text/html,<script>alert(1)</script>', { rejected: 'unsupportedScheme' }],
  ['file:///etc/passwd', { rejected: 'unsupportedScheme' }],
  ['+12015550123', { rejected: 'notALink' }],
  ['', { rejected: 'empty' }],
  ['   ', { rejected: 'empty' }],
  ['tel:', { rejected: 'empty' }],
  ['tel://', { rejected: 'empty' }],
  ['tel:;ext=12', { rejected: 'empty' }],
  ['tel:+1201555\u00000123', { rejected: 'controlCharacter' }],
  ['tel:+1201555%000123', { rejected: 'controlCharacter' }],
  ['tel:+12015550123%0A--gpu-launcher=calc', { rejected: 'controlCharacter' }],
  ['tel:+1201\u202e3210555', { rejected: 'controlCharacter' }],
  ['tel:+1201\u200b5550123', { rejected: 'controlCharacter' }],
  ['tel:+1201555%E2%80%AE0123', { rejected: 'controlCharacter' }],
  ['tel:+1201555%zz0123', { rejected: 'badEncoding' }],
  ['tel:+1201555%C00123', { rejected: 'badEncoding' }],
  [`tel:+1${'0'.repeat(MAX_LINK_LENGTH)}`, { rejected: 'tooLong' }],
  ['tel:+1-201-555-0123;ext=1;ext=2', { rejected: 'duplicateParameter' }],
  ['tel:+1-201-555-0123;ext=abc', { rejected: 'badExtension' }],
  ['tel:+1-201-555-0123;ext=', { rejected: 'badExtension' }],
  ['tel:+1-201-555-0123;ext=12345678901', { rejected: 'badExtension' }],
  ['tel:+1-201-555-0123;e<x>t=1', { rejected: 'badParameter' }],
  ['tel:+1-201-555-0123;postd=pp22', { rejected: 'dialString' }],
  ['tel:+12015550123,,1234', { rejected: 'dialString' }],
  ['tel:*67', { rejected: 'dialString' }],
  ['tel:%2367', { rejected: 'dialString' }],
  ['tel:*69#', { rejected: 'dialString' }],
  ['callto:skypeuser', { rejected: 'unexpectedCharacter' }],
  ['tel:1-800-FLOWERS', { rejected: 'unexpectedCharacter' }],
  ['tel:+1-201-555-0123<script>', { rejected: 'unexpectedCharacter' }],
  ['tel:+1+2015550123', { rejected: 'unexpectedCharacter' }],
  ['tel:12015550123+', { rejected: 'unexpectedCharacter' }],
  ['tel:+1201555０１２３', { rejected: 'unexpectedCharacter' }],
  ['tel:"+12015550123"', { rejected: 'unexpectedCharacter' }],
  ['tel:+1234', { rejected: 'notANumber' }],
  ['tel:911', { rejected: 'notANumber' }],
  ['tel:112', { rejected: 'notANumber' }],
  ['tel:+999123456789', { rejected: 'notANumber' }],
  ['tel:+1201555012345678', { rejected: 'notANumber' }],
  ['tel:+1-555-555-5555', { rejected: 'notANumber' }],
  ['tel:555-0123;phone-context=+1-914-555', { rejected: 'notANumber' }],
];

function check([input, expected, extra]: Case): void {
  const result = parsePhoneLink(input, { defaultCountry: extra?.country ?? 'US' });
  if (typeof expected === 'string') {
    expect(result, input).toMatchObject({ kind: 'number', e164: expected });
    expect(result.kind === 'number' ? result.extension : undefined, input).toBe(extra?.extension);
  } else {
    expect(result, input).toMatchObject({ kind: 'rejected', code: expected.rejected });
  }
}

describe('parsePhoneLink', () => {
  it('has a table of at least 60 inputs', () => {
    expect(valid.length + sloppy.length + hostile.length).toBeGreaterThanOrEqual(60);
  });
  it.each(valid)('accepts RFC 3966 %j', (...c) => check(c));
  it.each(sloppy)('accepts the sloppy %j', (...c) => check(c));
  it.each(hostile)('rejects %j', (...c) => check(c));

  it('gives a display form for the confirmation', () => {
    expect(parsePhoneLink('tel:+442079460958', { defaultCountry: 'US' })).toEqual({ kind: 'number', e164: UK, display: '+44 20 7946 0958' });
  });

  it('never quotes the number, or any digit of the input, in a rejection', () => {
    const inputs = [
      ...hostile.map(([input]) => input),
      // The normaliser would suggest "+44 20 7946 0958" for this one; the reason must not.
      'tel:442079460958',
      'tel:2015550123',
      'tel2015550123:+12015550123',
      'tel:+12015550123;x2015550123=1;x2015550123=2',
    ];
    for (const input of inputs) {
      const result = parsePhoneLink(input, { defaultCountry: input === 'tel:2015550123' ? '' : 'US' });
      expect(result.kind, input).toBe('rejected');
      if (result.kind === 'rejected') expect(withoutStatedLimits(result.reason), `${input} → ${result.reason}`).not.toMatch(/[0-9]/);
    }
  });

  it("says why a number is not dialable without the normaliser's reading of it", () => {
    expect(parsePhoneLink('tel:442079460958', { defaultCountry: 'US' })).toEqual({
      kind: 'rejected',
      code: 'notANumber',
      reason: "The link's number is not dialable. It has too many digits for a phone number.",
    });
    expect(parsePhoneLink('tel:911', { defaultCountry: 'US' })).toMatchObject({ reason: expect.stringContaining('Short codes and emergency numbers cannot be dialed') });
    expect(parsePhoneLink('tel:2015550123', { defaultCountry: '' })).toMatchObject({ reason: expect.stringContaining('It has no country code') });
    expect(parsePhoneLink('mailto:a@example.com', { defaultCountry: 'US' })).toMatchObject({ reason: 'Links starting with "mailto:" are not phone links.' });
  });

  it('rejects values that are not strings', () => {
    for (const value of [undefined, null, 42, {}, ['tel:+12015550123']]) {
      expect(parsePhoneLink(value, { defaultCountry: 'US' })).toMatchObject({ kind: 'rejected', code: 'notText' });
    }
  });

  it('uses the default country for national numbers', () => {
    expect(parsePhoneLink('tel:020 7946 0958', { defaultCountry: 'GB' })).toMatchObject({ e164: UK });
    expect(parsePhoneLink('tel:020 7946 0958', { defaultCountry: 'US' })).toMatchObject({ kind: 'rejected' });
  });
});

describe('parseNumberText (clipboard, favourites)', () => {
  it('reads plain numbers as typed, with an extension', () => {
    expect(parseNumberText('+1 (201) 555-0123', { defaultCountry: 'US' })).toMatchObject({ e164: US });
    expect(parseNumberText('201-555-0123 x55', { defaultCountry: 'US' })).toMatchObject({ e164: US, extension: '55' });
    expect(parseNumberText(' tel:+442079460958 ', { defaultCountry: 'US' })).toMatchObject({ e164: UK });
  });
  it('never quotes the text in a rejection', () => {
    for (const text of ['442079460958', '2015550123 4', '+999 123456789', '12345', '+1+2015550123']) {
      const result = parseNumberText(text, { defaultCountry: 'US' });
      expect(result.kind, text).toBe('rejected');
      if (result.kind === 'rejected') expect(result.reason, text).not.toMatch(/[0-9]/);
    }
  });
  it('rejects prose, long text, control characters and nothing', () => {
    expect(parseNumberText('Meeting notes from Tuesday', { defaultCountry: 'US' })).toMatchObject({ kind: 'rejected' });
    expect(parseNumberText('1'.repeat(65), { defaultCountry: 'US' })).toMatchObject({ kind: 'rejected', code: 'tooLong' });
    expect(parseNumberText('+1201555\u00070123', { defaultCountry: 'US' })).toMatchObject({ kind: 'rejected', code: 'controlCharacter' });
    expect(parseNumberText('', { defaultCountry: 'US' })).toMatchObject({ kind: 'rejected', code: 'empty' });
    expect(parseNumberText(7, { defaultCountry: 'US' })).toMatchObject({ kind: 'rejected', code: 'notText' });
  });
});

describe('linkScheme', () => {
  it('finds the scheme, lower-cased, or none', () => {
    expect(linkScheme('TEL:+1')).toBe('tel');
    expect(linkScheme('callto://x')).toBe('callto');
    expect(linkScheme('C:\\Program Files\\app.exe')).toBe('c');
    expect(linkScheme('/usr/bin/app')).toBeNull();
    expect(isPhoneLinkScheme('tel:+1')).toBe(true);
    expect(isPhoneLinkScheme('--tel:+1')).toBe(false);
  });
});
