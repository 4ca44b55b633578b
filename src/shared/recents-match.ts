/**
 * The one recent-calls search. Pure (no phone-number library), so the renderer filters its own
 * copy of the list as the user types, with the same rules everywhere.
 *
 * Digits in the query match the number however either is formatted ("(020) 7946" finds
 * +442079460958: a national trunk 0 or a 00 prefix is ignored; any script's digits count);
 * words match the agent's name, case- and accent-insensitively, all of them. A query with both
 * must match both ("álvarez 201").
 */
import { toAsciiDigits } from './digits';
import type { RecentCall } from './domain';

/** The entries the query finds, in their order; the same array when the query asks for nothing. */
export function filterRecents(entries: readonly RecentCall[], query: string): readonly RecentCall[] {
  const match = matcher(query);
  return match ? entries.filter(match) : entries;
}

/** Null when the query has nothing to match on (empty, spaces, punctuation): everything is shown. */
function matcher(query: string): ((entry: RecentCall) => boolean) | null {
  const normalised = toAsciiDigits(query.normalize('NFKC'));
  const digits = normalised.replace(/\D/g, '');
  const words = fold(normalised)
    .split(/[^\p{L}]+/u)
    .filter((w) => w !== '');
  if (digits === '' && words.length === 0) return null;
  const withoutPrefix = digits.replace(/^0+/, '');
  return (entry) => {
    if (digits !== '') {
      const number = entry.e164.slice(1);
      const shown = entry.displayNumber.replace(/\D/g, '');
      const found = number.includes(digits) || shown.includes(digits) || (withoutPrefix !== '' && number.includes(withoutPrefix));
      if (!found) return false;
    }
    if (words.length === 0) return true;
    const name = fold(entry.agent?.name ?? '');
    return words.every((w) => name.includes(w));
  };
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
