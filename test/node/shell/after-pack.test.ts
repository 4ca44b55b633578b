/**
 * Runs the real afterPack hook on a stand-in binary that carries an Electron fuse wire, and
 * reads the wire back with @electron/fuses: proves the hook flips what fuses.ts says.
 */
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const afterPack = (require('../../../build/after-pack.cjs') as { default: (context: unknown) => Promise<void> }).default;

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const WIRE_LENGTH = 9;

/** Random bytes around a version-1 wire with every fuse in Electron's shipped state. */
function fakeElectronBinary(): Buffer {
  const shipped = [FuseState.ENABLE, FuseState.DISABLE, FuseState.ENABLE, FuseState.ENABLE, FuseState.DISABLE, FuseState.DISABLE, FuseState.DISABLE, FuseState.ENABLE, FuseState.ENABLE];
  return Buffer.concat([Buffer.alloc(4096, 7), Buffer.from(SENTINEL), Buffer.from([1, WIRE_LENGTH, ...shipped]), Buffer.alloc(4096, 3)]);
}

describe('build/after-pack.cjs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'after-pack-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('flips the fuses in a Linux build', async () => {
    const binary = path.join(dir, 'softphone-companion');
    await writeFile(binary, fakeElectronBinary());
    await afterPack({
      electronPlatformName: 'linux',
      arch: 1,
      appOutDir: dir,
      packager: { appInfo: { productFilename: 'Softphone Companion' }, executableName: 'softphone-companion' },
    });
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    // Linux has no asar integrity support: left as shipped.
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.ENABLE);
  });

  it('turns asar integrity on in a Windows build', async () => {
    const binary = path.join(dir, 'Softphone Companion.exe');
    await writeFile(binary, fakeElectronBinary());
    await afterPack({ electronPlatformName: 'win32', arch: 1, appOutDir: dir, packager: { appInfo: { productFilename: 'Softphone Companion' } } });
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
  });

  it('fails the build when the binary has no fuse wire', async () => {
    await writeFile(path.join(dir, 'softphone-companion'), Buffer.alloc(1024));
    await expect(
      afterPack({ electronPlatformName: 'linux', arch: 1, appOutDir: dir, packager: { appInfo: { productFilename: 'x' }, executableName: 'softphone-companion' } }),
    ).rejects.toThrow(/sentinel/);
  });
});
