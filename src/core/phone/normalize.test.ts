import { describe, expect, it } from 'vitest';
import { formatAsYouType, previewNumber, type NumberProblemCode } from './normalize';

type Row =
  | { input: string; country: string; e164: string; extension?: string; note?: string }
  | { input: string; country: string; error: NumberProblemCode; note?: string };

const UK_LONDON = '+442079460958';

const table: Row[] = [
  // United States / NANP
  { input: '(201) 555-0123', country: 'US', e164: '+12015550123' },
  { input: '201.555.0123', country: 'US', e164: '+12015550123' },
  { input: '1 201 555 0123', country: 'US', e164: '+12015550123', note: 'trunk 1' },
  { input: '201 555 0123', country: 'us', e164: '+12015550123', note: 'lower-case country' },
  { input: '011 44 20 7946 0958', country: 'US', e164: UK_LONDON, note: 'NANP international prefix' },
  { input: '+1 123 456 7890', country: 'US', error: 'invalidForCountry', note: 'area codes never start with 1' },
  { input: '555-0123', country: 'US', error: 'tooShort', note: 'no area code' },
  { input: '911', country: 'US', error: 'tooShort', note: 'emergency short code' },
  // United Kingdom
  { input: '020 7946 0958', country: 'GB', e164: UK_LONDON },
  { input: '07400 123456', country: 'GB', e164: '+447400123456', note: 'mobile' },
  { input: '0300 123 4567', country: 'GB', e164: '+443001234567' },
  { input: '+44 (0) 20 7946 0958', country: 'US', e164: UK_LONDON, note: 'UK-style (0)' },
  { input: '07700 900123', country: 'GB', error: 'invalidForCountry', note: 'Ofcom drama range, never assigned' },
  { input: '+44 1234', country: 'US', error: 'tooShort' },
  // Germany
  { input: '030 1234567', country: 'DE', e164: '+49301234567' },
  { input: '0151 23456789', country: 'DE', e164: '+4915123456789', note: 'mobile' },
  { input: '+49 (0)30 1234567', country: 'FR', e164: '+49301234567' },
  // France
  { input: '01 23 45 67 89', country: 'FR', e164: '+33123456789' },
  { input: '06.12.34.56.78', country: 'FR', e164: '+33612345678' },
  // Australia
  { input: '(02) 9876 5432', country: 'AU', e164: '+61298765432' },
  { input: '0412 345 678', country: 'AU', e164: '+61412345678' },
  { input: '1300 123 456', country: 'AU', e164: '+611300123456', note: 'local-rate number' },
  { input: '0011 44 20 7946 0958', country: 'AU', e164: UK_LONDON, note: 'AU international prefix' },
  // India
  { input: '098765 43210', country: 'IN', e164: '+919876543210' },
  { input: '011 2345 6789', country: 'IN', e164: '+911123456789', note: 'Delhi landline, not NANP 011' },
  { input: '+91 98765-43210', country: 'US', e164: '+919876543210' },
  // Brazil
  { input: '(11) 91234-5678', country: 'BR', e164: '+5511912345678' },
  { input: '(21) 2345-6789', country: 'BR', e164: '+552123456789' },
  // Japan
  { input: '03-1234-5678', country: 'JP', e164: '+81312345678' },
  { input: '090-1234-5678', country: 'JP', e164: '+819012345678' },
  { input: '010 44 20 7946 0958', country: 'JP', e164: UK_LONDON, note: 'JP international prefix' },
  // 00 prefixes
  { input: '0044 20 7946 0958', country: 'GB', e164: UK_LONDON },
  { input: '0044 20 7946 0958', country: 'US', e164: UK_LONDON, note: '00 where the country uses 011' },
  { input: '0033 6 12 34 56 78', country: 'DE', e164: '+33612345678' },
  { input: '0044 20 7946 0958', country: '', e164: UK_LONDON, note: 'no default country needed' },
  // international, tel:, non-geographic
  { input: '+1 201-555-0123', country: 'GB', e164: '+12015550123' },
  { input: 'tel:+1-201-555-0123', country: 'US', e164: '+12015550123' },
  { input: '+44 20 7946 0958', country: '', e164: UK_LONDON },
  { input: '+800 1234 5678', country: 'US', e164: '+80012345678', note: 'international freephone' },
  // letters
  { input: '1-800-FLOWERS', country: 'US', e164: '+18003569377', note: 'vanity' },
  { input: '1-800-flowers', country: 'US', e164: '+18003569377' },
  { input: '1 800 FLOWERS NOW', country: 'US', error: 'tooLong', note: 'vanity longer than the number' },
  { input: 'FLOWERS', country: 'US', error: 'notANumber' },
  { input: 'hello', country: 'US', error: 'notANumber' },
  { input: 'Ж123', country: 'US', error: 'invalidCharacter', note: 'non-Latin letter' },
  { input: '1-800-GO-FEDEX', country: 'US', e164: '+18004633339', note: 'vanity with a short word too' },
  { input: '020 79O6 0958', country: 'GB', error: 'invalidCharacter', note: 'letter O typed for zero' },
  { input: '201 555 0123 x', country: 'US', error: 'invalidCharacter', note: 'extension marker without digits' },
  // unicode digits and invisible marks
  { input: '＋４４ ２０ ７９４６ ０９５８', country: 'US', e164: UK_LONDON, note: 'fullwidth' },
  { input: '+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨', country: 'US', e164: UK_LONDON, note: 'Arabic-Indic' },
  { input: '۰۲۰ ۷۹۴۶ ۰۹۵۸', country: 'GB', e164: UK_LONDON, note: 'Extended Arabic-Indic' },
  { input: '९८७६५ ४३२१०', country: 'IN', e164: '+919876543210', note: 'Devanagari' },
  { input: '𝟐𝟎𝟏𝟓𝟓𝟓𝟎𝟏𝟐𝟑', country: 'US', e164: '+12015550123', note: 'mathematical bold' },
  { input: '\u200E+44\u00A020\u200B7946\u20110958', country: 'US', e164: UK_LONDON, note: 'LRM, NBSP, ZWSP, non-breaking hyphen' },
  // separator soup
  { input: '  (+44) 20--7946..0958  ', country: 'US', e164: UK_LONDON },
  { input: '[020] / 7946 – 0958', country: 'GB', e164: UK_LONDON },
  // extensions
  { input: '201-555-0123 x123', country: 'US', e164: '+12015550123', extension: '123' },
  { input: '201-555-0123;ext=45', country: 'US', e164: '+12015550123', extension: '45' },
  { input: '+1 201 555 0123 ext. 7', country: 'US', e164: '+12015550123', extension: '7' },
  { input: '2015550123extension 99', country: 'US', e164: '+12015550123', extension: '99' },
  { input: '+44 20 7946 0958 ext 2001', country: 'US', e164: UK_LONDON, extension: '2001' },
  { input: '+1 201 555 0123;ext=', country: 'US', error: 'invalidCharacter', note: 'empty extension' },
  // empty, lengths, bad characters
  { input: '', country: 'US', error: 'empty' },
  { input: ' \t ', country: 'US', error: 'empty' },
  { input: '+1234567890123456', country: 'US', error: 'tooLong', note: '16 digits, over the E.164 cap' },
  { input: '2015550123456789012', country: 'US', error: 'tooLong' },
  { input: '9'.repeat(300), country: 'US', error: 'tooLong', note: 'pasted junk' },
  { input: '+44 20 7946 095', country: 'US', error: 'invalidForCountry' },
  { input: '+999 123 4567', country: 'US', error: 'unknownCountryCode' },
  { input: '020 7946 0958', country: '', error: 'ambiguous' },
  { input: '020 7946 0958', country: 'XX', error: 'ambiguous' },
  { input: '201-555-0123 #5', country: 'US', error: 'keypadSymbol' },
  { input: '*67 201 555 0123', country: 'US', error: 'keypadSymbol' },
  { input: '44+20', country: 'US', error: 'misplacedPlus' },
  { input: '201@555', country: 'US', error: 'invalidCharacter' },
];

describe('previewNumber', () => {
  it('has a table of at least 40 inputs', () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
  });

  it.each(table)('$input ($country) $note', (row) => {
    const preview = previewNumber(row.input, row.country);
    if ('e164' in row) {
      expect(preview).toMatchObject({ valid: true, e164: row.e164 });
      if (preview.valid) {
        expect(preview.e164).toMatch(/^\+[1-9]\d{1,14}$/);
        expect(preview.extension).toBe(row.extension);
      }
    } else {
      expect(preview).toMatchObject({ valid: false, code: row.error });
      if (!preview.valid) expect(preview.problem.length).toBeGreaterThan(10);
    }
  });

  it('returns the international display and the country', () => {
    expect(previewNumber('020 7946 0958', 'GB')).toEqual({
      valid: true,
      e164: UK_LONDON,
      display: '+44 20 7946 0958',
      country: 'GB',
    });
    expect(previewNumber('+800 1234 5678', 'US')).toEqual({ valid: true, e164: '+80012345678', display: '+800 1234 5678' });
  });

  it('keeps the extension out of the number that is dialed and shown', () => {
    expect(previewNumber('201-555-0123 x123', 'US')).toEqual({
      valid: true,
      e164: '+12015550123',
      display: '+1 201 555 0123',
      country: 'US',
      extension: '123',
    });
  });

  it('suggests the + when a national reading fails but the international one works, without guessing', () => {
    const preview = previewNumber('44 20 7946 0958', 'US');
    expect(preview.valid).toBe(false);
    if (!preview.valid) expect(preview.problem).toContain('+44 20 7946 0958');
  });

  it('says which default country is the problem for an ambiguous number', () => {
    const none = previewNumber('020 7946 0958', '');
    const unknown = previewNumber('020 7946 0958', 'XX');
    expect(!none.valid && none.problem).toContain('no default country');
    expect(!unknown.valid && unknown.problem).toContain('"XX"');
  });

  it('names the offending character', () => {
    const preview = previewNumber('201@555', 'US');
    expect(!preview.valid && preview.problem).toContain('"@"');
  });

  it('asks about a letter that looks like a digit instead of dialing it as a keypad letter', () => {
    const preview = previewNumber('020 79O6 0958', 'GB');
    expect(!preview.valid && preview.problem).toContain('did you mean the digit 0');
  });
});

describe('formatAsYouType', () => {
  it.each([
    ['2015550', 'US', '(201) 555-0'],
    ['2015550123', 'US', '(201) 555-0123'],
    ['02079460958', 'GB', '020 7946 0958'],
    ['+4420794', 'US', '+44 20 794'],
    ['0044207946', 'US', '00 44 20 7946'],
    ['011442079460958', 'US', '011 44 20 7946 0958'],
    ['٠٢٠٧٩٤٦', 'GB', '020 7946'],
    ['+44 20 7946 0958 x12', 'US', '+44 20 7946 0958 ext. 12'],
    ['', 'US', ''],
    ['+', 'US', '+'],
  ])('%s in %s → %s', (input, country, expected) => {
    expect(formatAsYouType(input, country)).toBe(expected);
  });

  it('returns what it cannot format as typed', () => {
    expect(formatAsYouType('*67', 'US')).toBe('*67');
    expect(formatAsYouType('1800FLOWERS', 'US')).toBe('1800FLOWERS');
  });

  it('formats without a default country when it is unknown', () => {
    expect(formatAsYouType('+12015550123', 'XX')).toBe('+1 201 555 0123');
  });
});
