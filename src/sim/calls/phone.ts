import { SimHttpError } from '../kernel';

/**
 * A dialled number as the simulator understands it. Genesys does not document its parsing
 * (the fact sheet §2: "The phone number to dial"; samples dial '3172222222'), so the rules are
 * the simulator's UNCONFIRMED choice: an optional `tel:` prefix, visual separators
 * (space, `-`, `.`, `(`, `)`) removed, an optional leading `+`, then 3–15 digits (E.164's maximum).
 */
export interface DialledNumber {
  /** `+` and digits when the number is international or NANP, else the bare digits (an extension). */
  normalized: string;
  digits: string;
}

const SEPARATORS = /[\s\-.()]/g;

export function parseDialledNumber(raw: string, field = 'phoneNumber'): DialledNumber {
  const compact = raw.trim().replace(/^tel:/i, '').replace(SEPARATORS, '');
  const match = /^(\+?)(\d{3,15})$/.exec(compact);
  if (!match) {
    throw new SimHttpError(
      400,
      'invalid.value',
      'The {field} could not be parsed: use 3 to 15 digits with an optional leading +, e.g. +13175550123.',
      { messageParams: { field } },
    );
  }
  const [, plus, digits] = match as unknown as [string, string, string];
  // North-American numbers without a country code are how Genesys' own samples dial; the
  // platform's number plan would make them E.164, so the simulator does the same.
  if (!plus && digits.length === 10) return { normalized: `+1${digits}`, digits: `1${digits}` };
  if (!plus && digits.length === 11 && digits.startsWith('1')) return { normalized: `+${digits}`, digits };
  return { normalized: plus ? `+${digits}` : digits, digits };
}

