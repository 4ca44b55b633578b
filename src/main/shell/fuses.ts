/**
 * The Electron fuses flipped into the packaged binary (by build/after-pack.cjs, which imports
 * this file so the build and the unit test read the same settings). Fuses are compiled-in
 * switches: once off, no environment variable or argument can turn the feature back on.
 */
import path from 'node:path';
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

export type PackagedPlatform = 'darwin' | 'mas' | 'win32' | 'linux';

export function fuseConfigFor(platform: PackagedPlatform, arch: string): FuseV1Config {
  const asarIntegrity = platform === 'darwin' || platform === 'mas' || platform === 'win32';
  return {
    version: FuseVersion.V1,
    // Flipping fuses invalidates the ad-hoc signature Apple silicon requires; electron-builder re-signs afterwards when it has an identity.
    resetAdHocDarwinSignature: (platform === 'darwin' || platform === 'mas') && (arch === 'arm64' || arch === 'universal'),
    // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node interpreter.
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // Electron validates app.asar against the hash electron-builder embeds; only macOS and Windows support it.
    ...(asarIntegrity ? { [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true } : {}),
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
    // GrantFileProtocolExtraPrivileges stays as Electron ships it: the renderer is loaded from
    // file:// (out/renderer/index.html) with module scripts, which that fuse being off would block.
  };
}

/** The file whose fuse wire is flipped, in electron-builder's output folder for each platform. */
export function packagedElectronPath(options: { platform: PackagedPlatform; appOutDir: string; productFilename: string; executableName: string }): string {
  switch (options.platform) {
    case 'darwin':
    case 'mas':
      return path.join(options.appOutDir, `${options.productFilename}.app`);
    case 'win32':
      return path.join(options.appOutDir, `${options.productFilename}.exe`);
    case 'linux':
      return path.join(options.appOutDir, options.executableName);
  }
}

/** electron-builder's `Arch` enum, by value. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'] as const;
export function archName(arch: number): string {
  return ARCH_NAMES[arch] ?? `unknown(${arch})`;
}
