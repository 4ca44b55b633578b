/**
 * Turns what a user typed or pasted into the E.164 number we dial, or a specific problem the
 * dialer can show before anything is sent. Uses libphonenumber-js with the `max` metadata so
 * "valid" means the number matches the country's real numbering plan, not just its length.
 *
 * Accepted: visual separators (spaces, dots, dashes of every kind, brackets, slashes), a leading
 * `+` (also after `tel:` / `callto:`), the UK-style `+44 (0) 20…`, the default country's own
 * international prefix (011 in NANP, 0011 in AU, 010 in JP, 00 in most places), a leading `00`
 * from any country, national formats of the default country, non-ASCII digits (fullwidth,
 * Arabic-Indic, Devanagari, …), invisible formatting marks that come with copy-paste, and an
 * extension written `;ext=123`, `x123`, `ext. 123` or `extension 123`.
 *
 * Letters: numbers are often written as words (1-800-FLOWERS). When the input has digits and a
 * word of 3+ letters, letters are converted with the ITU E.161 keypad mapping (ABC→2 … WXYZ→9)
 * and the preview shows the digits that will really be dialed. A lone letter is rejected as
 * `invalidCharacter` (it is usually O for 0 or l for 1), and letters without any digits as
 * `notANumber`.
 */
import {
  AsYouType,
  isSupportedCountry,
  ParseError,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { toAsciiDigits } from '../../shared/digits';
import type { NumberPreview } from '../../shared/domain';

export type NumberProblemCode =
  | 'empty'
  | 'notANumber'
  | 'invalidCharacter'
  | 'misplacedPlus'
  | 'keypadSymbol'
  | 'tooShort'
  | 'tooLong'
  | 'invalidLength'
  | 'invalidForCountry'
  | 'unknownCountryCode'
  | 'ambiguous';

/** E.164 caps a number at 15 digits, country code included. */
const E164_MAX_DIGITS = 15;
/** Anything longer is pasted text, not a number; it also bounds the work done on it. */
const MAX_INPUT_LENGTH = 250;

const SCHEME = /^(?:tel|callto):(?:\/\/)?/i;
/** `;ext=123` anywhere before it; `x` / `ext` / `extension` only after a digit, space or bracket. */
const EXTENSION = /(?:\s*;\s*ext\s*=\s*|(?<=[\d\s).-])\s*(?:extension|ext|x)\s*[.:]?\s*)(\d{1,10})\s*$/i;
const SEPARATOR = /[\s\-.()[\]/\u2010-\u2015\u2212\u30FC]/u;
const KEYPAD: Record<string, string> = {
  a: '2', b: '2', c: '2', d: '3', e: '3', f: '3', g: '4', h: '4', i: '4', j: '5', k: '5', l: '5', m: '6',
  n: '6', o: '6', p: '7', q: '7', r: '7', s: '7', t: '8', u: '8', v: '8', w: '9', x: '9', y: '9', z: '9',
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export function previewNumber(input: string, defaultCountry: string): NumberPreview {
  if (input.length > MAX_INPUT_LENGTH) return problem('tooLong', 'That is far too long to be a phone number.');
  const cleaned = cleanText(input);
  if (cleaned === '') return problem('empty', 'Enter a phone number.');

  const { main, extension } = splitExtension(cleaned.replace(SCHEME, ''));
  const scanned = scanNumber(main);
  if ('code' in scanned) return problem(scanned.code, scanned.problem);
  const { plus, digits } = scanned;
  const country = supportedCountry(defaultCountry);

  let result: Assessment;
  if (plus) {
    if (digits.length > E164_MAX_DIGITS) return tooManyDigits(digits.length);
    result = assess(`+${digits}`, undefined);
  } else if (country) {
    result = assess(digits, country);
    // A leading 00 is the international prefix in most of the world, even where the default
    // country uses another (011 in NANP): accept it when the national reading does not work.
    if (!result.ok && digits.startsWith('00')) {
      const international = assess(`+${digits.slice(2)}`, undefined);
      if (international.ok) result = international;
    }
  } else if (digits.startsWith('00')) {
    result = assess(`+${digits.slice(2)}`, undefined);
  } else {
    const hint = internationalHint(digits);
    const which = defaultCountry.trim() === '' ? 'no default country is set' : `"${defaultCountry}" is not a known country`;
    return problem(
      'ambiguous',
      `This looks like a national number, but ${which}. Enter it with its country code (starting with + or 00)${hint}, or choose a default country in Settings.`,
    );
  }

  if (!result.ok) return problem(result.code, result.problem + (plus ? '' : internationalHint(digits, true)));
  const phone = result.phone;
  if (phone.number.length - 1 > E164_MAX_DIGITS) return tooManyDigits(phone.number.length - 1);
  // The Genesys call APIs take `phoneNumber` as a plain string. We dial the E.164 number without
  // the extension and show the extension to the user to key in once connected: it is UNCONFIRMED
  // whether Genesys accepts an RFC 3966 `;ext=` suffix in that string.
  return {
    valid: true,
    e164: phone.number,
    display: phone.formatInternational(),
    ...(phone.country ? { country: phone.country } : {}),
    ...(extension ? { extension } : {}),
  };
}

/** Live formatting for the dialer display; anything it cannot format is returned as typed. */
export function formatAsYouType(input: string, defaultCountry: string): string {
  const cleaned = cleanText(input).replace(SCHEME, '');
  const { main, extension } = splitExtension(cleaned);
  const scanned = scanNumber(main);
  if ('code' in scanned || /[a-z]/i.test(main)) return input;
  const country = supportedCountry(defaultCountry);
  const typed = `${scanned.plus ? '+' : ''}${scanned.digits}`;
  let formatted = new AsYouType(country).input(typed);
  // A 00 the country's own formatter does not know as its international prefix (say, typed in
  // the US) is formatted as the international number it stands for.
  if (!scanned.plus && scanned.digits.startsWith('00') && formatted === typed && scanned.digits.length > 2) {
    formatted = new AsYouType().input(`+${scanned.digits.slice(2)}`).replace(/^\+/, '00 ');
  }
  return extension ? `${formatted} ext. ${extension}` : formatted;
}

// ---------------------------------------------------------------- steps

type Assessment = { ok: true; phone: PhoneNumber } | { ok: false; code: NumberProblemCode; problem: string };

function problem(code: NumberProblemCode, message: string): NumberPreview {
  return { valid: false, code, problem: message };
}

function tooManyDigits(count: number): NumberPreview {
  return problem('tooLong', `That has ${count} digits; an international number has at most ${E164_MAX_DIGITS}, country code included.`);
}

/** Compatibility forms to plain ones (fullwidth ＋０１, ideographic space), every script's digits to 0-9, invisible marks removed. */
function cleanText(input: string): string {
  return toAsciiDigits(input.normalize('NFKC'))
    .replace(/\p{Cf}/gu, '')
    .trim();
}

function splitExtension(text: string): { main: string; extension?: string } {
  const match = EXTENSION.exec(text);
  if (!match || match.index === 0) return { main: text };
  const extension = match[1];
  return extension ? { main: text.slice(0, match.index).trim(), extension } : { main: text };
}

type Scanned = { plus: boolean; digits: string } | { code: NumberProblemCode; problem: string };

function scanNumber(text: string): Scanned {
  const hasDigits = /\d/.test(text);
  if (!hasDigits) {
    return /[\p{L}]/u.test(text)
      ? { code: 'notANumber', problem: 'That is not a phone number: it has no digits.' }
      : { code: 'notANumber', problem: 'That is not a phone number.' };
  }
  // Only a word (3+ letters) makes it a word number; a lone letter is far more often a typo,
  // such as O for 0, and converting it would dial a different, possibly valid, number.
  const wordNumber = /[a-z]{3,}/i.test(text);
  let plus = false;
  let digits = '';
  for (const char of text) {
    if (char >= '0' && char <= '9') digits += char;
    else if (char === '+') {
      if (plus || digits !== '') return { code: 'misplacedPlus', problem: 'A + can only come once, at the start of the number.' };
      plus = true;
    } else if (/[a-z]/i.test(char)) {
      if (!wordNumber) return { code: 'invalidCharacter', problem: strayLetter(char) };
      digits += KEYPAD[char.toLowerCase()] ?? '';
    }    else if (char === '*' || char === '#') {
      return { code: 'keypadSymbol', problem: `"${char}" is a keypad code, not part of a phone number; service codes cannot be dialed from here.` };
    } else if (!SEPARATOR.test(char)) {
      return { code: 'invalidCharacter', problem: `"${char}" cannot be part of a phone number.` };
    }
  }
  return { plus, digits };
}

function strayLetter(char: string): string {
  const lookalike: Record<string, string> = { o: '0', i: '1', l: '1' };
  const digit = lookalike[char.toLowerCase()];
  return digit
    ? `"${char}" is a letter: did you mean the digit ${digit}?`
    : `"${char}" cannot be part of a phone number. Letters are only read as keypad digits in word numbers such as 1-800-FLOWERS.`;
}

function supportedCountry(value: string): CountryCode | undefined {
  const upper = value.trim().toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

function assess(text: string, country: CountryCode | undefined): Assessment {
  let phone: PhoneNumber;
  try {
    phone = parsePhoneNumberWithError(text, country);
  } catch (error) {
    if (error instanceof ParseError) return fromLengthVerdict(error.message, text, country);
    throw error;
  }
  if (phone.isValid()) return { ok: true, phone };
  return fromLengthVerdict(validatePhoneNumberLength(text, country), text, country, phone);
}

/** libphonenumber's verdicts, as codes and sentences that say what to fix. */
function fromLengthVerdict(verdict: string | undefined, text: string, country: CountryCode | undefined, phone?: PhoneNumber): Assessment {
  const where = placeOf(phone, country);
  switch (verdict) {
    case 'TOO_SHORT':
      return {
        ok: false,
        code: 'tooShort',
        problem: `Too few digits for a phone number ${where}.${country === 'US' || country === 'CA' ? ' Include the area code.' : ''} Short codes and emergency numbers cannot be dialed from here.`,
      };
    case 'TOO_LONG':
      return { ok: false, code: 'tooLong', problem: `Too many digits for a phone number ${where}.` };
    case 'INVALID_LENGTH':
      return { ok: false, code: 'invalidLength', problem: `The number of digits is not right for a phone number ${where}.` };
    case 'INVALID_COUNTRY':
      return text.startsWith('+')
        ? { ok: false, code: 'unknownCountryCode', problem: 'That does not start with a known country code after the +.' }
        : { ok: false, code: 'ambiguous', problem: 'Enter the number with its country code, starting with + or 00.' };
    case 'NOT_A_NUMBER':
      return { ok: false, code: 'notANumber', problem: 'That is not a phone number.' };
    default:
      return { ok: false, code: 'invalidForCountry', problem: `That is not a valid phone number ${where}.` };
  }
}

function placeOf(phone: PhoneNumber | undefined, country: CountryCode | undefined): string {
  const region = phone?.country ?? (phone ? undefined : country);
  if (region) return `in ${regionNames.of(region) ?? region}`;
  if (phone) return `for country code +${phone.countryCallingCode}`;
  return country ? `in ${regionNames.of(country) ?? country}` : 'anywhere';
}

/** "44 20 7946 0958" typed in the US is probably a UK number missing its +: say so, never guess. */
function internationalHint(digits: string, sentence = false): string {
  if (digits.startsWith('0')) return '';
  try {
    const phone = parsePhoneNumberWithError(`+${digits}`);
    if (!phone.isValid()) return '';
    return sentence
      ? ` If you meant the international number ${phone.formatInternational()}, add the + in front.`
      : ` (for example ${phone.formatInternational()})`;
  } catch {
    return '';
  }
}
