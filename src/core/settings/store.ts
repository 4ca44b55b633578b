/**
 * The user's settings, one JSON file in the app data folder:
 * `{ "schemaVersion": 1, "settings": { … } }`, written atomically.
 *
 * Recovery: a file that is not JSON or not our envelope is set aside and the app starts with
 * defaults. A file with some bad fields (a hand edit gone wrong) keeps its good fields, takes
 * defaults for the bad ones, and is still set aside first, so nothing the user typed is lost.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { Settings } from '../../shared/domain';
import { AppError, type FieldIssue } from '../../shared/result';
import type { Logger } from '../logging/logger';
import { readJsonFile, writeFileAtomic } from '../fs/atomic';
import { setAsideCorruptFile } from '../fs/quarantine';
import { createSerialQueue } from '../fs/serial';

export interface SettingsStore {
  load(): Promise<Settings>;
  /** The current settings; the defaults until `load` has finished. */
  get(): Settings;
  update(patch: Partial<Settings>): Promise<Settings>;
  onChange(cb: (s: Settings) => void): () => void;
}

export const SETTINGS_SCHEMA_VERSION = 1;
const FALLBACK_COUNTRY = 'US';

const fieldSchemas = {
  defaultCountry: z
    .string()
    .trim()
    .toUpperCase()
    .refine((code) => isSupportedCountry(code), 'must be a two-letter country code such as GB or US'),
  favoriteAgentIds: z
    .array(z.string().min(1).max(200))
    .max(1000)
    .transform((ids) => [...new Set(ids)]),
  favoriteNumbers: z
    .array(
      z.object({
        label: z.string().trim().max(100),
        e164: z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number such as +442079460958'),
      }),
    )
    .max(200),
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
  startHidden: z.boolean(),
  globalShortcut: z.string().trim().min(1, 'must not be empty (use null for no shortcut)').max(100).nullable(),
  notifications: z.boolean(),
} satisfies { [K in keyof Settings]: z.ZodType<Settings[K], unknown> };

const settingsKeys = Object.keys(fieldSchemas) as (keyof Settings)[];
const patchSchema = z.strictObject(fieldSchemas).partial();
const envelopeSchema = z.object({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  settings: z.record(z.string(), z.unknown()),
});

/** `en-GB` → GB, `en_US.UTF-8` → US, `de` → DE (the likely region), anything unusable → US. */
export function countryFromLocale(locale: string): string {
  const tag = (locale.split(/[.@]/)[0] ?? '').replace(/_/g, '-').trim();
  try {
    const parsed = new Intl.Locale(tag);
    const region = parsed.region ?? parsed.maximize().region;
    if (region && isSupportedCountry(region)) return region;
  } catch {
    // Not a BCP 47 tag ("C", "POSIX", empty): fall through to the default.
  }
  return FALLBACK_COUNTRY;
}

export function defaultSettings(osLocale: string): Settings {
  return {
    defaultCountry: countryFromLocale(osLocale),
    favoriteAgentIds: [],
    favoriteNumbers: [],
    closeToTray: true,
    startAtLogin: false,
    startHidden: false,
    globalShortcut: null,
    notifications: true,
  };
}

export function createSettingsStore(deps: { file: string; osLocale: string; log: Logger }): SettingsStore {
  const log = deps.log.child('settings');
  const defaults = defaultSettings(deps.osLocale);
  const enqueue = createSerialQueue();
  const listeners = new Set<(s: Settings) => void>();
  let current: Settings = structuredClone(defaults);
  let loading: Promise<Settings> | null = null;

  async function persist(settings: Settings): Promise<void> {
    try {
      await fs.mkdir(path.dirname(deps.file), { recursive: true });
      await writeFileAtomic(deps.file, `${JSON.stringify({ schemaVersion: SETTINGS_SCHEMA_VERSION, settings }, null, 2)}\n`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      log.error('settings not saved', { code });
      throw new AppError('settingsNotSaved', `Your settings could not be saved (${code}). Check that the app's data folder is writable.`);
    }
  }

  async function recover(reason: string, salvaged: Settings): Promise<Settings> {
    const copy = await setAsideCorruptFile(deps.file, new Date());
    log.warn('settings file was damaged; set aside and recovered', { reason, copy });
    await persist(salvaged);
    return salvaged;
  }

  async function readFromDisk(): Promise<Settings> {
    const read = await readJsonFile(deps.file, (raw) => envelopeSchema.parse(raw));
    if (read.status === 'missing') return structuredClone(defaults);
    if (read.status === 'corrupt') return recover(read.error, structuredClone(defaults));

    const stored = read.value.settings;
    const salvaged: Record<string, unknown> = {};
    const badFields: string[] = [];
    for (const key of settingsKeys) {
      if (!(key in stored)) {
        salvaged[key] = defaults[key];
        continue;
      }
      const parsed = fieldSchemas[key].safeParse(stored[key]);
      if (parsed.success) salvaged[key] = parsed.data;
      else {
        salvaged[key] = defaults[key];
        badFields.push(key);
      }
    }
    const settings = salvaged as unknown as Settings;
    return badFields.length === 0 ? settings : recover(`invalid fields: ${badFields.join(', ')}`, settings);
  }

  function emit(): void {
    for (const listener of listeners) {
      try {
        listener(structuredClone(current));
      } catch (error) {
        log.error('settings listener failed', { error });
      }
    }
  }

  const store: SettingsStore = {
    load() {
      loading ??= enqueue(async () => {
        current = await readFromDisk();
        emit();
        return structuredClone(current);
      });
      return loading;
    },

    get: () => structuredClone(current),

    async update(patch) {
      const parsed = patchSchema.safeParse(patch);
      if (!parsed.success) {
        const issues: FieldIssue[] = parsed.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : ''),
          message: issue.message,
        }));
        throw new AppError(
          'invalidSettings',
          `Settings not saved: ${issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message)).join('; ')}.`,
          issues,
        );
      }
      // Never write on top of a file we have not read: that would replace the user's settings with defaults.
      await store.load();
      return enqueue(async () => {
        const next: Settings = { ...current, ...(parsed.data as Partial<Settings>) };
        if (JSON.stringify(next) === JSON.stringify(current)) return structuredClone(current);
        await persist(next);
        current = next;
        emit();
        return structuredClone(current);
      });
    },

    onChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
  };
  return store;
}
