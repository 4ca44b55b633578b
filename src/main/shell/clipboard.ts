/**
 * What the shell makes of the clipboard. The tray's "Dial number from clipboard" is enabled and
 * the global shortcut pre-fills the quick-dial box only when the text parses as a number; the
 * parser's own limits (a link's length, a typed number's) keep long text out.
 */
import { parseNumberText } from '../../core/links/parse';

/** The clipboard text when it holds a dialable number (a typed number or a tel:/callto: link), else null. */
export function dialableClipboardText(text: string, defaultCountry: string): string | null {
  return parseNumberText(text, { defaultCountry }).kind === 'number' ? text : null;
}
