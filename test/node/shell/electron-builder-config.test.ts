/**
 * Reads electron-builder.yml with electron-builder's own loader and schema validator, then checks
 * what the shell depends on: protocols, the unpacked native module, excluded sources and tests,
 * the fuses hook, the per-machine Windows installer with its registry script.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
let config: Configuration;

beforeAll(async () => {
  config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
});

const asList = <T>(value: T | T[] | null | undefined): T[] => (value == null ? [] : Array.isArray(value) ? value : [value]);

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the product and app id', () => {
    expect(config.appId).toBe('com.softphonecompanion.app');
    expect(config.productName).toBe('Softphone Companion');
  });

  it('registers tel and callto', () => {
    const schemes = asList(config.protocols).flatMap((protocol) => protocol.schemes);
    expect(schemes.sort()).toEqual(['callto', 'tel']);
  });

  it('unpacks keytar’s native module from the asar', () => {
    expect(config.asar).not.toBe(false);
    expect(asList(config.asarUnpack)).toContain('node_modules/keytar/**/*.node');
  });

  it('ships the built bundles and leaves sources, tests, benchmarks and docs out', () => {
    // getConfig normalises `files` into file-set objects; their filters are the patterns written.
    const files = asList(config.files as (string | { filter?: string | string[] })[]).flatMap((entry) => (typeof entry === 'string' ? [entry] : asList(entry.filter)));
    expect(files).toEqual(expect.arrayContaining(['out/**', 'resources/**']));
    for (const excluded of ['!src/**', '!test/**', '!bench/**', '!docs/**']) expect(files).toContain(excluded);
  });

  it('flips the fuses after packing, with a hook that exists', async () => {
    expect(config.afterPack).toBe('build/after-pack.cjs');
    await expect(readFile(path.join(root, 'build/after-pack.cjs'), 'utf8')).resolves.toContain('flipFuses');
  });

  it('Windows: per-machine NSIS with a directory choice and the registry script', async () => {
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, include: 'build/installer.nsh' });
    const script = await readFile(path.join(root, 'build/installer.nsh'), 'utf8');
    expect(script).toContain('Capabilities\\URLAssociations');
    expect(script).toContain('Software\\RegisteredApplications');
    expect(script).toMatch(/!macro customUnInstall[\s\S]*DeleteRegValue SHCTX "Software\\RegisteredApplications"/);
  });

  it('macOS: dmg + zip, hardened runtime, entitlements limited to JIT', async () => {
    const targets = asList(config.mac?.target as string[]);
    expect(targets.sort()).toEqual(['dmg', 'zip']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    const entitlements = await readFile(path.join(root, config.mac?.entitlements ?? ''), 'utf8');
    expect([...entitlements.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('Linux: AppImage + deb, one link per launch (%u)', () => {
    expect(asList(config.linux?.target as string[]).sort()).toEqual(['AppImage', 'deb']);
    expect(config.linux?.executableArgs).toContain('%u');
    expect(config.linux?.executableName).toBe('softphone-companion');
  });

  it('points at icons that exist and are small', async () => {
    for (const icon of [config.mac?.icon, config.win?.icon, config.linux?.icon]) {
      const data = await readFile(path.join(root, icon ?? 'missing'));
      expect(data.subarray(1, 4).toString()).toBe('PNG');
      expect(data.length).toBeLessThan(50_000);
    }
  });
});
