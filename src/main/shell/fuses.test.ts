import { FuseV1Options, FuseVersion } from '@electron/fuses';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { archName, fuseConfigFor, packagedElectronPath } from './fuses';

describe('fuseConfigFor', () => {
  it.each(['darwin', 'win32', 'linux', 'mas'] as const)('%s: Node-as-a-backdoor fuses off, cookie encryption and asar-only on', (platform) => {
    const config = fuseConfigFor(platform, 'x64');
    expect(config.version).toBe(FuseVersion.V1);
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(false);
    // Loading the renderer from file:// needs the file protocol's privileges.
    expect(config[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBeUndefined();
  });

  it('asar integrity validation only where Electron supports it', () => {
    expect(fuseConfigFor('darwin', 'arm64')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuseConfigFor('win32', 'x64')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(fuseConfigFor('linux', 'x64')[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBeUndefined();
  });

  it('resets the ad-hoc signature only for Apple silicon builds', () => {
    expect(fuseConfigFor('darwin', 'arm64').resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfigFor('darwin', 'universal').resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfigFor('darwin', 'x64').resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfigFor('win32', 'arm64').resetAdHocDarwinSignature).toBe(false);
  });
});

describe('packagedElectronPath', () => {
  const base = { appOutDir: '/out/x', productFilename: 'Softphone Companion', executableName: 'softphone-companion' };
  it('per platform', () => {
    expect(packagedElectronPath({ ...base, platform: 'darwin' })).toBe(path.join('/out/x', 'Softphone Companion.app'));
    expect(packagedElectronPath({ ...base, platform: 'win32' })).toBe(path.join('/out/x', 'Softphone Companion.exe'));
    expect(packagedElectronPath({ ...base, platform: 'linux' })).toBe(path.join('/out/x', 'softphone-companion'));
  });
  it('maps electron-builder Arch values', () => {
    expect([0, 1, 2, 3, 4].map(archName)).toEqual(['ia32', 'x64', 'armv7l', 'arm64', 'universal']);
  });
});
