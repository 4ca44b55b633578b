/**
 * The app's domain types as the renderer sees them. Pure data: no secrets, no SDK types,
 * nothing that needs Node or the DOM. Main builds these from Genesys models; the renderer
 * only displays them.
 */

// ---------------------------------------------------------------- app

export interface AppInfo {
  name: string;
  version: string;
  platform: 'win32' | 'darwin' | 'linux' | 'other';
  /** Which transport carries the contract: the Electron app or the loopback web bridge. */
  shell: 'electron' | 'web-bridge';
}

// ---------------------------------------------------------------- sign-in

export type SignInMethod = 'clientCredentials' | 'pkce' | 'demo';

/** A saved org connection. The client secret is never part of it: only whether one is stored. */
export interface ConnectionSummary {
  id: string;
  name: string;
  /** An SDK environment id such as `us_east_1`, or `custom` with `customHost`. */
  region: string;
  customHost?: string;
  method: SignInMethod;
  clientId: string;
  hasSecret: boolean;
  lastUsedAt?: number;
}

export type Principal =
  | { kind: 'client'; clientId: string; clientName?: string }
  | { kind: 'user'; userId: string; name: string; email?: string };

export type SessionState =
  | { status: 'signedOut' }
  | { status: 'signingIn'; connectionId: string; waitingForBrowser: boolean }
  | {
      status: 'signedIn';
      connectionId: string;
      connectionName: string;
      principal: Principal;
      orgName: string;
      regionLabel: string;
      expiresAt: number;
    }
  | { status: 'expired'; connectionId: string; message: string }
  | { status: 'error'; connectionId: string; code: string; message: string };

// ---------------------------------------------------------------- agents and presence

/** Genesys system presences, normalised (REST says "On Queue", push says "ON_QUEUE"). */
export type PresenceKey =
  | 'available'
  | 'away'
  | 'busy'
  | 'offline'
  | 'idle'
  | 'onQueue'
  | 'meal'
  | 'training'
  | 'meeting'
  | 'break'
  | 'unknown';

export type RoutingStatusKey = 'OFF_QUEUE' | 'IDLE' | 'INTERACTING' | 'NOT_RESPONDING' | 'COMMUNICATING' | 'unknown';

export interface AgentPresence {
  presence: PresenceKey;
  /** The org's label for the presence definition, e.g. "Available", "Lunch". */
  presenceLabel: string;
  routingStatus: RoutingStatusKey;
}

export interface Agent extends AgentPresence {
  id: string;
  name: string;
  email?: string;
  extension?: string;
  title?: string;
  department?: string;
  hasStation: boolean;
}

export interface QueueSummary {
  id: string;
  name: string;
  memberCount: number;
}

export interface GroupSummary {
  id: string;
  name: string;
  memberCount: number;
}

export interface DirectorySnapshot {
  status: 'empty' | 'loading' | 'ready' | 'refreshing' | 'error';
  agents: Agent[];
  queues: QueueSummary[];
  groups: GroupSummary[];
  /** Epoch ms of the last complete load (cache or network). */
  loadedAt?: number;
  fromCache: boolean;
  error?: string;
}

export interface PresenceUpdate extends AgentPresence {
  id: string;
}

// ---------------------------------------------------------------- dialing and calls

export type DialSource = 'dialpad' | 'recent' | 'tray' | 'link' | 'favorite' | 'clipboard' | 'shortcut';

/**
 * `formatted`: the input as typed so far, grouped the way the default country writes numbers
 * ("020 7946 0"), to show beside the input (never written back into it). `dial:preview` always
 * sets it; it is optional only so a renderer's stand-in for a failed request can leave it out.
 */
export type NumberPreview =
  | { valid: true; e164: string; display: string; country?: string; extension?: string; formatted?: string }
  | { valid: false; code: string; problem: string; formatted?: string };

export interface DialWarning {
  code: 'agentOffline' | 'agentAway' | 'agentBusy' | 'agentNotRouting';
  message: string;
}

export type CallPhase = 'placing' | 'ringingAgent' | 'dialingCustomer' | 'connected' | 'ended';

export type CallEndReason =
  | 'hungUp' /** answered, then someone hung up */
  | 'busy'
  | 'noAnswer'
  | 'agentNoAnswer'
  | 'unreachable'
  | 'failed'
  | 'cancelled';

export interface CallSnapshot {
  /** The app's own id for this attempt (exists before Genesys answers). */
  id: string;
  conversationId?: string;
  e164: string;
  displayNumber: string;
  agent: { id: string; name: string } | null;
  source: DialSource;
  phase: CallPhase;
  endReason?: CallEndReason;
  /** Human sentence for the end (or the failure). */
  endMessage?: string;
  requestedAt: number;
  connectedAt?: number;
  endedAt?: number;
  /** How the state is being followed right now. */
  monitoring: 'push' | 'polling' | 'none';
  /** Set while a 429 is being waited out: the retry fires at this epoch ms. */
  retryAt?: number;
  /** The outcome of the POST is unknown and being checked against the agent's conversations. */
  reconciling?: boolean;
}

export type DialOutcome =
  | { status: 'placed'; call: CallSnapshot }
  | { status: 'needsConfirmation'; warnings: DialWarning[] };

// ---------------------------------------------------------------- recents

export type CallOutcome = CallEndReason | 'inProgress' | 'notPlaced';

export interface RecentCall {
  id: string;
  e164: string;
  displayNumber: string;
  agent: { id: string; name: string } | null;
  source: DialSource;
  requestedAt: number;
  connectedAt?: number;
  endedAt?: number;
  outcome: CallOutcome;
  conversationId?: string;
  /** Why it was not placed or failed, in words. */
  detail?: string;
}

export interface RecentsSnapshot {
  entries: RecentCall[];
  /** Set once when a corrupt file was set aside at start-up. */
  recoveredFrom?: string;
}

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: string;
}

// ---------------------------------------------------------------- links, tray, shell

export interface PendingLink {
  id: string;
  e164: string;
  displayNumber: string;
  /** Last agent used, preselected; the user can change it before confirming. */
  agentId?: string;
  receivedAt: number;
  source: DialSource;
}

export interface LinkState {
  pending: PendingLink | null;
  /** Links dropped because one was already waiting for confirmation. */
  droppedCount: number;
  lastRejection?: { reason: string; at: number };
}

export interface ShellStatus {
  /** Whether this app is the OS handler for each scheme, when the OS can tell. */
  protocolHandlers: { scheme: 'tel' | 'callto'; isDefault: boolean | 'unknown' }[];
  /** Registration of the global shortcut: null when none is configured. */
  shortcut: { accelerator: string; registered: boolean; problem?: string } | null;
  /** How to make the app the handler on this OS, in steps. */
  handlerHelp: string[];
}

// ---------------------------------------------------------------- settings and budget

export interface FavoriteNumber {
  label: string;
  e164: string;
}

export interface Settings {
  /** ISO 3166 alpha-2 country used for national numbers; first set from the OS locale. */
  defaultCountry: string;
  favoriteAgentIds: string[];
  favoriteNumbers: FavoriteNumber[];
  closeToTray: boolean;
  startAtLogin: boolean;
  startHidden: boolean;
  /** Electron accelerator, or null for no global shortcut. */
  globalShortcut: string | null;
  notifications: boolean;
}

export interface BudgetState {
  limitPerMinute: number;
  usedLastMinute: number;
  queued: number;
  /** Set while we hold requests back, with a sentence for the UI. */
  throttled?: { until: number; message: string };
}

// ---------------------------------------------------------------- the pushed snapshot

/** Everything small the renderer shows; pushed whole with a sequence number on every change. */
export interface AppSnapshot {
  seq: number;
  session: SessionState;
  connections: ConnectionSummary[];
  /** The redirect URI an org must register for browser sign-in. */
  pkceRedirectUri: string;
  calls: CallSnapshot[];
  links: LinkState;
  settings: Settings;
  budget: BudgetState;
  shell: ShellStatus;
  /** Notices for the user (e.g. recents recovered from a corrupt file), newest last. */
  notices: { id: string; level: 'info' | 'warning' | 'error'; message: string }[];
}
