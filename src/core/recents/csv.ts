/**
 * RFC 4180 CSV for exports that people open in spreadsheets: CRLF line ends, fields with a
 * comma, quote or line break quoted, quotes doubled.
 *
 * Formula injection: Excel, LibreOffice and Sheets run a cell that starts with = + - @ (or a tab
 * or CR that hides one) as a formula, and agent names and details come from outside the app.
 * Such cells get a leading apostrophe, which keeps them text. E.164 numbers start with +, so
 * they get it too: `'+442079460958` stays readable and is no longer summed into 442079460958.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
