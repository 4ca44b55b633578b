/**
 * Unicode encodes every decimal digit set as a run of ten, 0 to 9, and adjacent runs (the
 * mathematical digits) start on a 0 too; so a digit's value is its distance from the start of
 * its run of digits, modulo 10. This covers every script (fullwidth, Arabic-Indic, Devanagari, …)
 * without a table. Pure, so main's number parser and the renderer's recents filter agree.
 */
export function toAsciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (char) => {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x39) return char;
    let start = code;
    while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
    return String((code - start) % 10);
  });
}
