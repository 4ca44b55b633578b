/**
 * Whether an Electron binary is present. The electron npm package (≥ 45) installs without
 * downloading its binary; where downloads are blocked it stays absent and nothing can launch it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function electronRuntime(root) {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) {
    return { available: false, reason: 'No Electron runtime on this machine: the electron npm package is installed without its binary (node_modules/electron/path.txt is missing; the download is blocked or was never run).' };
  }
  const binary = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { available: false, reason: `No Electron runtime on this machine: ${binary} does not exist.` };
  return { available: true, binary };
}
