/**
 * Redaction applied to every log line before it reaches a file or the console: secrets and
 * tokens never appear; phone numbers keep only their last four digits.
 */
const SECRET_KEY = /(secret|token|password|authorization|verifier|cookie|code_challenge|^code$|credential)/i;
const PHONE_KEY = /(number|phone|e164|ani|dnis|address|tel)/i;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi;
const QUERY_SECRET = /([?&](?:code|access_token|refresh_token|client_secret|code_verifier|state)=)[^&\s#]+/gi;
/**
 * A run of 5+ digits, optionally with a leading + and visual separators inside — but not a
 * piece of a larger token (a UUID, a hex id, a version), which would only make logs unreadable.
 */
const PHONE_LIKE = /(?<![\w-])\+?\d[\d ().-]{3,}\d(?![\w-])/g;

export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length <= 4) return '•'.repeat(digits.length);
  return `${value.trim().startsWith('+') ? '+' : ''}${'•'.repeat(Math.min(digits.length - 4, 11))}${digits.slice(-4)}`;
}

export function redactText(text: string): string {
  return text
    .replace(BEARER, '$1 [redacted]')
    .replace(QUERY_SECRET, '$1[redacted]')
    .replace(PHONE_LIKE, (match) => (match.replace(/\D/g, '').length >= 5 ? maskPhone(match) : match));
}

export function redact(value: unknown, key = '', depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (SECRET_KEY.test(key) && value !== undefined && value !== null && value !== '') return '[redacted]';
  if (typeof value === 'string') return PHONE_KEY.test(key) ? maskPhone(value) : redactText(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), ...(redact({ ...value }, key, depth + 1) as object) };
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redact(item, key, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, k, depth + 1);
    return out;
  }
  return value;
}
