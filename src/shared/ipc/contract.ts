/**
 * The one IPC contract shared by main, preload, the web bridge and the renderer.
 *
 * Request channels are `domain:verb`, take one argument object and resolve to a Result.
 * Event channels are `domain:nounChanged` and carry a payload with a sequence number.
 * `requestSchemas` (contract.schemas.ts, main only: the preload must not bundle zod) must have an
 * entry for every request channel (its type demands it), so a channel without a schema does not
 * compile; main validates every payload with it.
 */
import type {
  AppInfo,
  AppSnapshot,
  ConnectionSummary,
  DialOutcome,
  DialSource,
  DirectorySnapshot,
  ExportedFile,
  NumberPreview,
  PresenceUpdate,
  RecentsSnapshot,
  SessionState,
  Settings,
} from '../domain';

type Empty = Record<string, never>;

export interface ConnectionDraft {
  /** Present when editing a saved connection. */
  id?: string;
  name: string;
  region: string;
  customHost?: string;
  method: 'clientCredentials' | 'pkce';
  clientId: string;
  /** Sent once when saving; omitted to keep the stored one. Never sent back. */
  clientSecret?: string;
}

export interface RequestMap {
  'app:getInfo': { args: Empty; result: AppInfo };
  'app:getSnapshot': { args: Empty; result: AppSnapshot };
  'app:dismissNotice': { args: { id: string }; result: void };

  'connections:save': { args: ConnectionDraft; result: ConnectionSummary };
  'connections:delete': { args: { id: string }; result: void };
  'connections:test': { args: ConnectionDraft; result: { orgName: string; principal: string } };

  'auth:signIn': { args: { connectionId: string }; result: SessionState };
  'auth:signInDemo': { args: Empty; result: SessionState };
  'auth:cancelSignIn': { args: Empty; result: void };
  'auth:signOut': { args: Empty; result: void };

  'dial:preview': { args: { number: string }; result: NumberPreview };
  'dial:place': {
    args: { number: string; agentId?: string; source: DialSource; confirmWarnings?: boolean };
    result: DialOutcome;
  };
  /** The agent was picked in the dialer: main subscribes and checks them ahead of Call. Never dials. */
  'dial:prepare': { args: { agentId: string }; result: void };
  'calls:hangUp': { args: { callId: string }; result: void };
  'calls:dismiss': { args: { callId: string }; result: void };

  'recents:get': { args: Empty; result: RecentsSnapshot & { seq: number } };
  'recents:delete': { args: { id: string }; result: void };
  'recents:clear': { args: Empty; result: void };
  'recents:exportCsv': { args: Empty; result: ExportedFile };
  'audit:export': { args: Empty; result: ExportedFile };

  'agents:getDirectory': { args: Empty; result: DirectorySnapshot & { seq: number } };
  'agents:refresh': { args: Empty; result: void };
  /** The agents the renderer shows right now; main keeps live presence for them (plus favourites). */
  'agents:watch': { args: { ids: string[] }; result: void };
  'agents:queueMembers': { args: { queueId: string }; result: string[] };
  'agents:groupMembers': { args: { groupId: string }; result: string[] };
  'agents:toggleFavorite': { args: { agentId: string }; result: Settings };

  'settings:update': { args: Partial<Settings>; result: Settings };

  /** `agentId: null` means no agent (dial as the signed-in user), never "the preset one". */
  'links:confirm': { args: { linkId: string; agentId: string | null; confirmWarnings?: boolean }; result: DialOutcome };
  'links:dismiss': { args: { linkId: string }; result: void };

  'shell:makeDefaultHandler': { args: Empty; result: void };
  'shell:openExternal': { args: { url: string }; result: void };
}

export interface EventMap {
  'app:snapshotChanged': AppSnapshot;
  'recents:listChanged': RecentsSnapshot & { seq: number };
  'agents:directoryChanged': DirectorySnapshot & { seq: number };
  'agents:presenceChanged': { seq: number; updates: PresenceUpdate[] };
}

export type RequestChannel = keyof RequestMap;
export type EventChannel = keyof EventMap;
export type RequestArgs<C extends RequestChannel> = RequestMap[C]['args'];
export type RequestResult<C extends RequestChannel> = RequestMap[C]['result'];
export type EventPayload<C extends EventChannel> = EventMap[C];

/** Every request channel, as a value: the type demands all of them, so none can be forgotten. */
const requestChannelSet: { [C in RequestChannel]: true } = {
  'app:getInfo': true,
  'app:getSnapshot': true,
  'app:dismissNotice': true,
  'connections:save': true,
  'connections:delete': true,
  'connections:test': true,
  'auth:signIn': true,
  'auth:signInDemo': true,
  'auth:cancelSignIn': true,
  'auth:signOut': true,
  'dial:preview': true,
  'dial:place': true,
  'dial:prepare': true,
  'calls:hangUp': true,
  'calls:dismiss': true,
  'recents:get': true,
  'recents:delete': true,
  'recents:clear': true,
  'recents:exportCsv': true,
  'audit:export': true,
  'agents:getDirectory': true,
  'agents:refresh': true,
  'agents:watch': true,
  'agents:queueMembers': true,
  'agents:groupMembers': true,
  'agents:toggleFavorite': true,
  'settings:update': true,
  'links:confirm': true,
  'links:dismiss': true,
  'shell:makeDefaultHandler': true,
  'shell:openExternal': true,
};
export const requestChannels = Object.keys(requestChannelSet) as RequestChannel[];

const eventChannelSet: { [C in EventChannel]: true } = {
  'app:snapshotChanged': true,
  'recents:listChanged': true,
  'agents:directoryChanged': true,
  'agents:presenceChanged': true,
};
export const eventChannels = Object.keys(eventChannelSet) as EventChannel[];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(requestChannelSet, value);
}
