/** Genesys models → the renderer's Agent rows. Expands are best effort, so every field is optional. */
import type { Models } from 'purecloud-platform-client-v2';
import type { Agent, GroupSummary, QueueSummary } from '../../shared/domain';
import { normalizeRoutingStatus, presenceFromDefinition, type PresenceChange, type PresenceLabels } from './presence';

export function agentFromUser(user: Models.User, labels: PresenceLabels): Agent | undefined {
  if (!user.id || !user.name) return undefined;
  const agent: Agent = {
    id: user.id,
    name: user.name,
    ...presenceFromDefinition(user.presence?.presenceDefinition, labels),
    routingStatus: normalizeRoutingStatus(user.routingStatus?.status),
    // The effective station is the one a call on the agent's behalf rings.
    hasStation: Boolean(user.station?.effectiveStation?.id ?? user.station?.associatedStation?.id),
  };
  if (user.email) agent.email = user.email;
  const extension = user.addresses?.find((address) => address.extension)?.extension;
  if (extension) agent.extension = extension;
  if (user.title) agent.title = user.title;
  if (user.department) agent.department = user.department;
  return agent;
}

/** What a queue member (or group member, which is a User) says about the agent's state right now. */
export function changeFromMember(member: { id?: string; user?: Models.User; routingStatus?: Models.RoutingStatus }, labels: PresenceLabels): PresenceChange | undefined {
  const id = member.user?.id ?? member.id;
  if (!id) return undefined;
  const change: PresenceChange = { id };
  if (member.user?.presence?.presenceDefinition) Object.assign(change, presenceFromDefinition(member.user.presence.presenceDefinition, labels));
  const status = member.routingStatus?.status ?? member.user?.routingStatus?.status;
  if (status) change.routingStatus = normalizeRoutingStatus(status);
  return change;
}

export function changeFromBulkPresence(presence: Models.UcUserPresence, labels: PresenceLabels): PresenceChange | undefined {
  if (!presence.userId || !presence.presenceDefinition) return undefined;
  return { id: presence.userId, ...presenceFromDefinition(presence.presenceDefinition, labels) };
}

export function queueSummary(queue: Models.Queue): QueueSummary | undefined {
  if (!queue.id || !queue.name) return undefined;
  return { id: queue.id, name: queue.name, memberCount: queue.memberCount ?? queue.userMemberCount ?? 0 };
}

export function groupSummary(group: Models.Group): GroupSummary | undefined {
  if (!group.id || !group.name) return undefined;
  return { id: group.id, name: group.name, memberCount: group.memberCount ?? 0 };
}

/** Labels per definition id, in the org's language when it has one (en_US otherwise). */
export function labelsFromDefinitions(definitions: Models.OrganizationPresenceDefinition[], language = 'en_US'): Map<string, string> {
  const labels = new Map<string, string>();
  for (const definition of definitions) {
    if (!definition.id || definition.deactivated) continue;
    const label = definition.languageLabels?.[language] ?? definition.name;
    if (label) labels.set(definition.id, label);
  }
  return labels;
}
