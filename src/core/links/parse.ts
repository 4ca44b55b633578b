/**
 * What a `tel:` or `callto:` link means, as one pure function. RFC 3966 plus the sloppy forms
 * other apps really send (`tel://`, `TEL:`, `callto://+44…`, percent-encoded `+`, spaces).
 * Anything that is not clearly a phone number is rejected with a reason that never contains
 * the number or any other digit of the input (only the limits it names), so the window can show
 * the reason as it is. The normaliser's own sentences are not passed on for that reason: they
 * may suggest a reading of the number ("If you meant +44 20 …").
 */
import { previewNumber, type NumberProblemCode } from '../phone/normalize';

export type LinkRejectCode =
  | 'notText'
  | 'tooLong'
  | 'empty'
  | 'controlCharacter'
  | 'notALink'
  | 'unsupportedScheme'
  | 'badEncoding'
  | 'badParameter'
  | 'duplicateParameter'
  | 'unexpectedCharacter'
  | 'dialString'
  | 'badExtension'
  | 'notANumber';

export type ParsedLink =
  | { kind: 'number'; e164: string; display: string; extension?: string }
  | { kind: 'rejected'; code: LinkRejectCode; reason: string };

export const MAX_LINK_LENGTH = 256;

const SCHEMES = new Set(['tel', 'callto']);
/** C0, DEL, C1, and the invisible formatting characters that can make a link display differently than it dials. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_OR_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_OR_BIDI_OVERRIDE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const EDGE_WHITESPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;
const VISUAL_SEPARATORS = /[-.() \u00a0]/g;

/** Why a number that got this far cannot be dialled, per problem the normaliser found. */
const NUMBER_PROBLEMS = new Map<string, string>(
  Object.entries({
    empty: 'It has no digits.',
    notANumber: 'It is not a phone number.',
    invalidCharacter: 'It contains characters that cannot be part of a phone number.',
    misplacedPlus: 'A + can only come once, at the start of the number.',
    keypadSymbol: 'It contains a keypad code (* or #); service codes cannot be dialed from here.',
    tooShort: 'It has too few digits. Short codes and emergency numbers cannot be dialed from here.',
    tooLong: 'It has too many digits for a phone number.',
    invalidLength: 'It has the wrong number of digits for its country.',
    invalidForCountry: 'It is not a valid phone number for its country.',
    unknownCountryCode: 'It does not start with a known country code after the +.',
    ambiguous: 'It has no country code: enter it with + or 00 in front, or choose a default country in Settings.',
  } satisfies Record<NumberProblemCode, string>),
);

function numberProblem(code: string): string {
  return NUMBER_PROBLEMS.get(code) ?? 'It is not a dialable number.';
}

/** Input text is quoted in a reason only when it carries no digit (a scheme or parameter name can). */
function quotable(text: string): boolean {
  return !/[0-9]/.test(text);
}

function reject(code: LinkRejectCode, reason: string): ParsedLink {
  return { kind: 'rejected', code, reason };
}

/** The scheme of a candidate argument, lower-cased, or null when it has none. */
export function linkScheme(raw: string): string | null {
  const match = /^[ \t]*([A-Za-z][A-Za-z0-9+.-]{0,31}):/.exec(raw);
  return match?.[1] ? match[1].toLowerCase() : null;
}

export function isPhoneLinkScheme(raw: string): boolean {
  const scheme = linkScheme(raw);
  return scheme !== null && SCHEMES.has(scheme);
}

export function parsePhoneLink(raw: unknown, options: { defaultCountry: string }): ParsedLink {
  if (typeof raw !== 'string') return reject('notText', 'The link is not text.');
  if (raw.length > MAX_LINK_LENGTH) return reject('tooLong', `The link is longer than ${MAX_LINK_LENGTH} characters.`);
  const trimmed = raw.replace(EDGE_WHITESPACE, '');
  if (trimmed === '') return reject('empty', 'The link is empty.');
  if (CONTROL_OR_INVISIBLE.test(trimmed)) return reject('controlCharacter', 'The link contains control or invisible characters.');

  const scheme = linkScheme(trimmed);
  if (scheme === null) return reject('notALink', 'This is not a tel: or callto: link.');
  if (!SCHEMES.has(scheme)) {
    return reject('unsupportedScheme', quotable(scheme) ? `Links starting with "${scheme.slice(0, 16)}:" are not phone links.` : 'This is not a tel: or callto: link.');
  }

  // `tel://…`, `tel:/…` and `callto://…` are wrong but common; the slashes carry no meaning.
  let rest = trimmed.slice(scheme.length + 1).replace(/^\/{1,2}/, '');
  // Skype-style `callto:+44…?call` and stray fragments: the number is what comes before.
  rest = rest.split(/[?#]/, 1)[0] ?? '';

  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return reject('badEncoding', 'The link has broken percent-encoding.');
  }
  if (CONTROL_OR_INVISIBLE.test(decoded)) return reject('controlCharacter', 'The link contains control or invisible characters.');
  decoded = decoded.replace(/\/+$/, '').trim();

  const [numberPart = '', ...parameterParts] = decoded.split(';');
  const parameters = new Map<string, string>();
  for (const part of parameterParts) {
    const trimmedPart = part.trim();
    if (trimmedPart === '') continue; // `tel:+1…;` — a trailing separator is harmless
    const equals = trimmedPart.indexOf('=');
    const name = (equals === -1 ? trimmedPart : trimmedPart.slice(0, equals)).trim().toLowerCase();
    const value = equals === -1 ? '' : trimmedPart.slice(equals + 1).trim();
    if (!/^[a-z0-9-]{1,32}$/.test(name)) return reject('badParameter', 'The link has a malformed parameter.');
    if (parameters.has(name)) return reject('duplicateParameter', quotable(name) ? `The link repeats the "${name}" parameter.` : 'The link repeats a parameter.');
    parameters.set(name, value);
  }
  if (parameters.has('postd')) return reject('dialString', 'The link asks for tones after the call connects, which the app cannot send.');

  const number = numberPart.replace(VISUAL_SEPARATORS, '');
  if (number === '') return reject('empty', 'The link has no number.');
  if (number.includes(',')) return reject('dialString', 'The link contains pauses or tones, which the app cannot dial.');
  if (/[*#]/.test(number)) return reject('dialString', 'The link contains * or #, which is a service code, not a phone number.');
  if (/\p{L}/u.test(number)) return reject('unexpectedCharacter', 'The link contains letters: it names a contact or account, not a phone number.');
  if (!/^\+?[0-9]+$/.test(number)) return reject('unexpectedCharacter', 'The link contains characters that are not part of a phone number.');

  const extensionRaw = parameters.get('ext');
  let extension: string | undefined;
  if (extensionRaw !== undefined) {
    extension = extensionRaw.replace(VISUAL_SEPARATORS, '');
    if (!/^[0-9]{1,10}$/.test(extension)) return reject('badExtension', 'The extension in the link is not 1 to 10 digits.');
  }

  const dialable = number.startsWith('+') ? number : withPhoneContext(number, parameters.get('phone-context'));
  const preview = previewNumber(dialable, options.defaultCountry);
  if (!preview.valid) return reject('notANumber', `The link's number is not dialable. ${numberProblem(preview.code)}`);
  return extension ? { kind: 'number', e164: preview.e164, display: preview.display, extension } : { kind: 'number', e164: preview.e164, display: preview.display };
}

/** Copied or configured text (clipboard, favourites): a link is read as a link, anything else as a typed number. */
export function parseNumberText(text: unknown, options: { defaultCountry: string }): ParsedLink {
  if (typeof text !== 'string') return reject('notText', 'That is not text.');
  if (isPhoneLinkScheme(text)) return parsePhoneLink(text, options);
  const trimmed = text.trim();
  if (trimmed === '') return reject('empty', 'There is no number.');
  if (trimmed.length > 64) return reject('tooLong', 'That text is too long to be a phone number.');
  // Copied text often carries zero-width marks (the number normaliser drops them); controls and bidi overrides are refused.
  if (CONTROL_OR_BIDI_OVERRIDE.test(trimmed)) {
    return reject('controlCharacter', 'That text contains control characters.');
  }
  const preview = previewNumber(trimmed, options.defaultCountry);
  if (!preview.valid) return reject('notANumber', `That is not a dialable number. ${numberProblem(preview.code)}`);
  return preview.extension
    ? { kind: 'number', e164: preview.e164, display: preview.display, extension: preview.extension }
    : { kind: 'number', e164: preview.e164, display: preview.display };
}

/**
 * RFC 3966 local numbers carry their scope in `phone-context`: a global prefix (`+1`, `+44-20`)
 * is prepended; a domain name cannot be resolved to a country here, so the default country applies.
 */
function withPhoneContext(localNumber: string, context: string | undefined): string {
  if (context === undefined) return localNumber;
  const prefix = context.replace(VISUAL_SEPARATORS, '');
  if (/^\+[0-9]{1,8}$/.test(prefix)) return `${prefix}${localNumber}`;
  return localNumber;
}
