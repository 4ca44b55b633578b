import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/domain';
import { AppError } from '../../shared/result';
import { createMemoryLogger } from '../logging/logger';
import { countryFromLocale, createSettingsStore, defaultSettings, SETTINGS_SCHEMA_VERSION } from './store';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'settings-'));
  file = path.join(dir, 'settings.json');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const make = (osLocale = 'en-GB', log = createMemoryLogger()) => createSettingsStore({ file, osLocale, log });
const onDisk = async (): Promise<{ schemaVersion: number; settings: Settings }> => JSON.parse(await fs.readFile(file, 'utf8'));

describe('countryFromLocale', () => {
  it.each([
    ['en-GB', 'GB'],
    ['en_US.UTF-8', 'US'],
    ['fr-FR', 'FR'],
    ['pt_BR', 'BR'],
    ['de', 'DE'],
    ['ja', 'JP'],
    ['zh-Hant-TW', 'TW'],
    ['sr_RS@latin', 'RS'],
    ['C', 'US'],
    ['POSIX', 'US'],
    ['', 'US'],
    ['es-419', 'US'],
  ])('%s → %s', (locale, country) => {
    expect(countryFromLocale(locale)).toBe(country);
  });
});

describe('settings store', () => {
  it('starts with the defaults, the country taken from the OS locale, without writing a file', async () => {
    const store = make('en-GB');
    // Spelled out rather than taken from defaultSettings: this is the test that pins what the defaults are.
    expect(await store.load()).toEqual({
      defaultCountry: 'GB',
      favoriteAgentIds: [],
      favoriteNumbers: [],
      closeToTray: true,
      startAtLogin: false,
      startHidden: false,
      globalShortcut: null,
      notifications: true,
    });
    await expect(fs.access(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('saves updates with a schema version and reads them back in a new store', async () => {
    const store = make();
    await store.load();
    const updated = await store.update({ defaultCountry: 'de', globalShortcut: 'CommandOrControl+Shift+D', favoriteAgentIds: ['a', 'b', 'a'] });
    expect(updated).toMatchObject({ defaultCountry: 'DE', globalShortcut: 'CommandOrControl+Shift+D', favoriteAgentIds: ['a', 'b'] });
    expect((await onDisk()).schemaVersion).toBe(SETTINGS_SCHEMA_VERSION);

    const again = make('en-US');
    expect(await again.load()).toEqual(updated);
  });

  it('rejects bad values with field-level issues and leaves settings unchanged', async () => {
    const store = make();
    await store.load();
    const attempt = store.update({ defaultCountry: 'XX', favoriteNumbers: [{ label: 'Desk', e164: '020 7946 0958' }] });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({
      code: 'invalidSettings',
      issues: expect.arrayContaining([
        expect.objectContaining({ path: 'defaultCountry' }),
        expect.objectContaining({ path: 'favoriteNumbers.0.e164' }),
      ]),
    });
    expect(store.get().defaultCountry).toBe('GB');
  });

  it('rejects unknown settings by name', async () => {
    const store = make();
    await expect(store.update({ theme: 'dark' } as unknown as Partial<Settings>)).rejects.toMatchObject({
      code: 'invalidSettings',
      message: expect.stringContaining('theme'),
    });
  });

  it('never overwrites the file with defaults when updated before load', async () => {
    await fs.writeFile(file, JSON.stringify({ schemaVersion: 1, settings: { ...defaultSettings('en-US'), startAtLogin: true } }));
    const store = make();
    await store.update({ notifications: false });
    expect((await onDisk()).settings).toMatchObject({ startAtLogin: true, notifications: false });
  });

  it('applies concurrent updates in order without losing any', async () => {
    const store = make();
    await store.load();
    await Promise.all([
      store.update({ closeToTray: false }),
      store.update({ startHidden: true }),
      store.update({ defaultCountry: 'FR' }),
    ]);
    expect((await onDisk()).settings).toMatchObject({ closeToTray: false, startHidden: true, defaultCountry: 'FR' });
  });

  it('tells listeners about changes until they unsubscribe', async () => {
    const store = make();
    await store.load();
    const seen: boolean[] = [];
    const off = store.onChange((s) => seen.push(s.notifications));
    await store.update({ notifications: false });
    await store.update({ notifications: false });
    off();
    await store.update({ notifications: true });
    expect(seen).toEqual([false]);
  });

  it('hands out copies, so callers cannot change the stored settings by mutation', async () => {
    const store = make();
    const loaded = await store.load();
    loaded.favoriteAgentIds.push('sneaky');
    expect(store.get().favoriteAgentIds).toEqual([]);
  });

  it('sets a file that is not JSON aside and starts with defaults', async () => {
    await fs.writeFile(file, '{"schemaVersion": 1, "settings": {');
    const log = createMemoryLogger();
    const store = make('fr-FR', log);
    expect(await store.load()).toEqual(defaultSettings('fr-FR'));
    const files = await fs.readdir(dir);
    const copy = files.find((f) => /^settings\.corrupt-.+\.json$/.test(f));
    expect(copy).toBeDefined();
    expect(await fs.readFile(path.join(dir, copy!), 'utf8')).toBe('{"schemaVersion": 1, "settings": {');
    expect((await onDisk()).settings).toEqual(defaultSettings('fr-FR'));
    expect(log.lines.some((l) => l.startsWith('warn') && l.includes('set aside'))).toBe(true);
  });

  it('sets a file from an unknown schema version aside', async () => {
    await fs.writeFile(file, JSON.stringify({ schemaVersion: 99, settings: {} }));
    expect(await make().load()).toEqual(defaultSettings('en-GB'));
    expect((await fs.readdir(dir)).some((f) => f.startsWith('settings.corrupt-'))).toBe(true);
  });

  it('keeps the good fields of a partly broken file, defaults the bad ones, and keeps a copy', async () => {
    const stored = { ...defaultSettings('en-US'), favoriteAgentIds: ['agent-1'], closeToTray: 'yes', defaultCountry: 'Narnia' };
    await fs.writeFile(file, JSON.stringify({ schemaVersion: 1, settings: stored }));
    const settings = await make('en-GB').load();
    expect(settings).toMatchObject({ favoriteAgentIds: ['agent-1'], closeToTray: true, defaultCountry: 'GB' });
    expect((await fs.readdir(dir)).some((f) => f.startsWith('settings.corrupt-'))).toBe(true);
  });

  it('fills settings missing from an older file with defaults, without calling it corrupt', async () => {
    await fs.writeFile(file, JSON.stringify({ schemaVersion: 1, settings: { defaultCountry: 'AU' } }));
    expect(await make().load()).toEqual({ ...defaultSettings('en-GB'), defaultCountry: 'AU' });
    expect(await fs.readdir(dir)).toEqual(['settings.json']);
  });

  it('reports a failed save as a specific error', async () => {
    const store = createSettingsStore({ file: path.join(dir, 'blocker', 'settings.json'), osLocale: 'en-GB', log: createMemoryLogger() });
    await store.load();
    await fs.writeFile(path.join(dir, 'blocker'), 'a file where the folder should be');
    await expect(store.update({ notifications: false })).rejects.toMatchObject({ code: 'settingsNotSaved' });
    expect(store.get().notifications).toBe(true);
  });
});
