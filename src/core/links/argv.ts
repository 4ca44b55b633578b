/**
 * Which command-line arguments are phone links. The shapes differ by how the app was started:
 *   packaged, cold start:        [exe, 'tel:+1…']
 *   second instance (Win/Linux):  [exe, '--allow-file-access-from-files', '--original-process-start-time=…', 'tel:+1…']
 *   Windows registry command:     [exe, '--', 'tel:+1…']
 *   development:                  [electron, 'out/main/index.js' | '.', 'tel:+1…'] (Chromium switches may come first)
 *   macOS Finder launch:          [exe, '-psn_0_12345'] (links come through `open-url`, not argv)
 * Only arguments whose scheme is tel/callto are returned; everything else is ignored, so a
 * crafted link can never be mistaken for a switch and a switch never for a link.
 */
import { isPhoneLinkScheme } from './parse';

export interface ArgvShape {
  isPackaged: boolean;
  platform: NodeJS.Platform;
}

/** A page can put many links on one command line; more than this is not a person clicking. */
export const MAX_ARGV_LINKS = 20;

export function extractLinksFromArgv(argv: readonly unknown[], shape: ArgvShape): string[] {
  const args = argv.slice(1).filter((arg): arg is string => typeof arg === 'string');
  const positional: string[] = [];
  let switchesEnded = false;
  for (const arg of args) {
    if (!switchesEnded && arg === '--') {
      switchesEnded = true;
      continue;
    }
    if (!switchesEnded && arg.startsWith('-')) continue; // Chromium/Electron switches and macOS -psn_…
    positional.push(arg);
  }
  // Some Windows launchers keep the quotes of the registry's `"%1"`; elsewhere quotes are literal.
  const clean = shape.platform === 'win32' ? positional.map(unquote) : positional.map((arg) => arg.trim());
  // In development the first positional argument is the app (a script path or '.'), never a link.
  if (!shape.isPackaged && clean.length > 0 && !isPhoneLinkScheme(clean[0] ?? '')) clean.shift();
  return clean.filter(isPhoneLinkScheme).slice(0, MAX_ARGV_LINKS);
}

function unquote(arg: string): string {
  const trimmed = arg.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
}
