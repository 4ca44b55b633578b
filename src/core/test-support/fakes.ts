/**
 * Fixtures shared by core unit tests and the integration harnesses: one way to build the app's
 * settings, its initial state and a state hub, so a new field in either is added in one place.
 */
import type { DirectorySnapshot, Settings } from '../../shared/domain';
import { defaultSettings } from '../settings/store';
import { createStateHub, type AppSlices, type StateHub } from '../state/hub';

/** A fresh US install's settings (the store's own defaults), with what a test cares about changed. */
export function testSettings(patch: Partial<Settings> = {}): Settings {
  return { ...defaultSettings('en-US'), ...patch };
}

/** The state of a signed-out app that has done nothing yet. */
export function testAppSlices(patch: Partial<AppSlices> = {}): AppSlices {
  return {
    session: { status: 'signedOut' },
    connections: [],
    pkceRedirectUri: 'http://127.0.0.1:0/callback',
    calls: [],
    links: { pending: null, droppedCount: 0 },
    settings: testSettings(),
    budget: { limitPerMinute: 300, usedLastMinute: 0, queued: 0 },
    shell: { protocolHandlers: [], shortcut: null, handlerHelp: [] },
    notices: [],
    ...patch,
  };
}

export function emptyDirectory(): DirectorySnapshot {
  return { status: 'empty', agents: [], queues: [], groups: [], fromCache: false };
}

/** A real state hub over `testAppSlices(app)`, no recents and an empty directory. */
export function createTestStateHub(app: Partial<AppSlices> = {}): StateHub {
  return createStateHub({ app: testAppSlices(app), recents: { entries: [] }, directory: emptyDirectory() });
}
