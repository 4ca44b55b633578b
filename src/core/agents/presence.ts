/**
 * Presence and routing status as the app shows them, from every shape Genesys sends them in:
 * users with `expand=presence,routingStatus`, queue members, bulk presence and push events.
 * REST says "On Queue", push says "ON_QUEUE", so names are compared without case, spaces or
 * underscores (fact sheet §4).
 */
import type { AgentPresence, PresenceKey, RoutingStatusKey } from '../../shared/domain';

const PRESENCE_BY_NAME: Record<string, PresenceKey> = {
  available: 'available',
  away: 'away',
  busy: 'busy',
  offline: 'offline',
  idle: 'idle',
  onqueue: 'onQueue',
  meal: 'meal',
  training: 'training',
  meeting: 'meeting',
  break: 'break',
};

const SYSTEM_LABELS: Record<PresenceKey, string> = {
  available: 'Available',
  away: 'Away',
  busy: 'Busy',
  offline: 'Offline',
  idle: 'Idle',
  onQueue: 'On Queue',
  meal: 'Meal',
  training: 'Training',
  meeting: 'Meeting',
  break: 'Break',
  unknown: 'Unknown',
};

const ROUTING_STATUSES: ReadonlySet<string> = new Set<RoutingStatusKey>(['OFF_QUEUE', 'IDLE', 'INTERACTING', 'NOT_RESPONDING', 'COMMUNICATING']);

export function normalizePresence(systemPresence: string | undefined | null): PresenceKey {
  if (!systemPresence) return 'unknown';
  return PRESENCE_BY_NAME[systemPresence.replace(/[\s_-]+/g, '').toLowerCase()] ?? 'unknown';
}

export function normalizeRoutingStatus(status: string | undefined | null): RoutingStatusKey {
  if (!status) return 'unknown';
  const key = status.trim().replace(/[\s-]+/g, '_').toUpperCase();
  return ROUTING_STATUSES.has(key) ? (key as RoutingStatusKey) : 'unknown';
}

export function systemPresenceLabel(presence: PresenceKey): string {
  return SYSTEM_LABELS[presence];
}

/** Presences that mean the agent is not at their desk (Idle included: nothing happened there for a while). */
const AWAY_FROM_DESK: ReadonlySet<PresenceKey> = new Set<PresenceKey>(['away', 'idle', 'meal', 'training', 'meeting', 'break']);

export function isAwayFromDesk(presence: PresenceKey): boolean {
  return AWAY_FROM_DESK.has(presence);
}

/** The org's own labels per presence definition id ("Coffee" is a Break, "Coaching" a Busy). */
export type PresenceLabels = ReadonlyMap<string, string>;

export interface PresenceDefinitionRef {
  id?: string;
  systemPresence?: string;
}

export function presenceFromDefinition(definition: PresenceDefinitionRef | undefined, labels: PresenceLabels): Pick<AgentPresence, 'presence' | 'presenceLabel'> {
  const presence = normalizePresence(definition?.systemPresence);
  const label = definition?.id ? labels.get(definition.id) : undefined;
  return { presence, presenceLabel: label ?? systemPresenceLabel(presence) };
}

export const UNKNOWN_PRESENCE: AgentPresence = { presence: 'unknown', presenceLabel: '', routingStatus: 'unknown' };

/** One agent's presence change from any source; fields left out did not change. */
export interface PresenceChange {
  id: string;
  presence?: PresenceKey;
  presenceLabel?: string;
  routingStatus?: RoutingStatusKey;
}

const TOPIC = /^v2\.users\.([^.]+)\.(presence|routingstatus)$/i;

export function presenceTopics(agentId: string): [string, string] {
  return [`v2.users.${agentId}.presence`, `v2.users.${agentId}.routingStatus`];
}

/**
 * A push event as a change, or undefined when it is not one of ours or carries no usable state
 * (topic names are compared without case, as Genesys' own tutorial does).
 */
export function changeFromEvent(topicName: string, eventBody: unknown, labels: PresenceLabels): PresenceChange | undefined {
  const match = TOPIC.exec(topicName);
  const id = match?.[1];
  const kind = match?.[2]?.toLowerCase();
  if (!id || !kind || !isRecord(eventBody)) return undefined;
  if (kind === 'presence') {
    const definition = eventBody.presenceDefinition;
    if (!isRecord(definition)) return undefined;
    const ref: PresenceDefinitionRef = {
      id: typeof definition.id === 'string' ? definition.id : undefined,
      systemPresence: typeof definition.systemPresence === 'string' ? definition.systemPresence : undefined,
    };
    return { id, ...presenceFromDefinition(ref, labels) };
  }
  const routing = eventBody.routingStatus;
  if (!isRecord(routing) || typeof routing.status !== 'string') return undefined;
  return { id, routingStatus: normalizeRoutingStatus(routing.status) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
