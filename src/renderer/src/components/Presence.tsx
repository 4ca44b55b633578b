import type { AgentPresence, PresenceKey, RoutingStatusKey } from '../../../shared/domain';

const routingWords: Record<RoutingStatusKey, string> = {
  OFF_QUEUE: 'Off queue',
  IDLE: 'Idle',
  INTERACTING: 'Interacting',
  NOT_RESPONDING: 'Not responding',
  COMMUNICATING: 'Communicating',
  unknown: '',
};

const presenceWords: Record<PresenceKey, string> = {
  available: 'Available',
  away: 'Away',
  busy: 'Busy',
  offline: 'Offline',
  idle: 'Idle',
  onQueue: 'On queue',
  meal: 'Meal',
  training: 'Training',
  meeting: 'Meeting',
  break: 'Break',
  unknown: 'Unknown',
};

function presenceText(agent: AgentPresence): string {
  const presence = agent.presenceLabel || presenceWords[agent.presence];
  const routing = routingWords[agent.routingStatus];
  return routing ? `${presence} · ${routing}` : presence;
}

/** Presence as colour and words together: colour alone says nothing to many people. */
export function PresenceBadge({ agent }: { agent: AgentPresence }) {
  return (
    <span className={`presence presence-${agent.presence}`}>
      <span className="presence-dot" aria-hidden="true" />
      {presenceText(agent)}
    </span>
  );
}
