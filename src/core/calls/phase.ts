/**
 * One call phase from Genesys participant states. Pure: no clock, no SDK calls.
 *
 * Three shapes carry the same facts and all are read here:
 *  - REST `CallConversation` (GET /api/v2/conversations/calls/{id}): state on each participant;
 *  - `v2.users.{id}.conversations.calls`: the same flat shape;
 *  - `v2.users.{id}.conversations`: the state nested in `participants[].calls[]`.
 *
 * The real leg sequence is UNCONFIRMED (fact sheet §3). We follow the simulator's documented
 * design: the agent's leg rings first (contacting/alerting), then the customer leg is dialled
 * (dialing/contacting), then the customer connects; any principal leg ending ends the call and the
 * other leg follows with disconnectType 'peer'. The leg whose disconnectType is not 'peer' is
 * the one that ended the call, and its disconnectType plus whether each leg ever connected
 * decides the reason:
 *
 * | condition (first match wins)                                      | reason          |
 * |-------------------------------------------------------------------|-----------------|
 * | the customer leg was connected                                    | `hungUp`        |
 * | we asked to hang up, or the ending leg says `client`              | `cancelled`     |
 * | customer ended it: `endpoint`, `endpoint.donotdisturb`            | `busy`          |
 * | customer ended it: `system`, `transfer.noanswer`, `inactivity`    | `noAnswer`      |
 * | customer ended it: `transport.failure`, `error`                   | `unreachable`   |
 * | agent ended it before connecting: `system`, `endpoint`, `transfer.noanswer`, `inactivity`, `transfer.notavailable`, `endpoint.donotdisturb` | `agentNoAnswer` |
 * | agent ended it after connecting, before the customer answered     | `cancelled`     |
 * | anything else                                                     | `failed`        |
 */
import type { CallEndReason, CallPhase } from '../../shared/domain';

export type LegRole = 'agent' | 'customer' | 'other';

export interface LegView {
  participantId: string;
  role: LegRole;
  purpose: string;
  state: string;
  disconnectType?: string;
  /** True once the leg has been connected at any time (state or connectedTime says so). */
  wasConnected: boolean;
  userId?: string;
  /** The far address as Genesys shows it (`tel:+1…`, `sip:…`), for matching our dialled number. */
  address?: string;
  /** The number this leg dials or is connected to (`dnis`, or `calls[].other` in the topic). */
  dialled?: string;
  connectedAt?: number;
  endedAt?: number;
  startedAt?: number;
}

export interface ConversationView {
  conversationId: string;
  legs: LegView[];
}

export interface PhaseReading {
  phase: CallPhase;
  endReason?: CallEndReason;
  /** When the customer connected, if Genesys told us. */
  connectedAt?: number;
  endedAt?: number;
}

const ENDED_STATES = new Set(['disconnected', 'terminated']);
const CUSTOMER_PURPOSES = new Set(['customer', 'external']);
const AGENT_PURPOSES = new Set(['agent', 'user']);

const PHASE_RANK: Record<CallPhase, number> = {
  placing: 0,
  ringingAgent: 1,
  dialingCustomer: 2,
  connected: 3,
  ended: 4,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function time(value: unknown): number | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function roleOf(purpose: string, userId: string | undefined, agentId: string | undefined): LegRole {
  if (agentId !== undefined && userId === agentId) return 'agent';
  if (CUSTOMER_PURPOSES.has(purpose)) return 'customer';
  if (AGENT_PURPOSES.has(purpose) && (agentId === undefined || userId === undefined)) return 'agent';
  return 'other';
}

/**
 * Reads any of the three shapes into a view. `agentId` picks the agent's leg when several users
 * take part; without it the first agent/user leg is the agent's. Returns null for a body that is
 * not a conversation (no id or no participants).
 */
export function readConversation(body: unknown, agentId?: string): ConversationView | null {
  if (!isRecord(body)) return null;
  const conversationId = text(body.id);
  if (conversationId === undefined || !Array.isArray(body.participants)) return null;
  const legs: LegView[] = [];
  for (const raw of body.participants) {
    if (!isRecord(raw)) continue;
    const participantId = text(raw.id);
    if (participantId === undefined) continue;
    // In the conversations topic the state lives in calls[]; the latest communication is the last one.
    const nested = Array.isArray(raw.calls) ? raw.calls.filter(isRecord) : [];
    const communication = nested.length > 0 ? nested[nested.length - 1] : undefined;
    const source = communication ?? raw;
    const state = text(source.state) ?? 'none';
    const user = isRecord(raw.user) ? raw.user : undefined;
    const userId = text(raw.userId) ?? text(user?.id);
    const purpose = text(raw.purpose) ?? 'unknown';
    const connectedAt = time(source.connectedTime) ?? time(raw.connectedTime);
    const endedAt = time(source.disconnectedTime) ?? time(raw.endTime);
    const self = communication && isRecord(communication.self) ? communication.self : undefined;
    const other = communication && isRecord(communication.other) ? communication.other : undefined;
    legs.push({
      participantId,
      role: 'other',
      purpose,
      state,
      disconnectType: text(source.disconnectType),
      wasConnected: state === 'connected' || connectedAt !== undefined,
      userId,
      address: text(raw.address) ?? text(self?.addressNormalized),
      dialled: text(raw.dnis) ?? text(other?.addressNormalized),
      connectedAt,
      endedAt,
      startedAt: time(raw.startTime),
    });
  }
  // Roles need the whole list: with no agent id, only the first agent-like leg is the agent's.
  let agentFound = false;
  for (const leg of legs) {
    let role = roleOf(leg.purpose, leg.userId, agentId);
    if (role === 'agent') {
      if (agentFound) role = 'other';
      agentFound = true;
    }
    leg.role = role;
  }
  return { conversationId, legs };
}

export function agentLegOf(view: ConversationView): LegView | undefined {
  return view.legs.find((leg) => leg.role === 'agent');
}

export function customerLegOf(view: ConversationView): LegView | undefined {
  return view.legs.find((leg) => leg.role === 'customer');
}

const isEnded = (leg: LegView): boolean => ENDED_STATES.has(leg.state);

/** The phase the participant states show right now, with the end reason once it is over. */
export function derivePhase(view: ConversationView, context: { hangUpRequested: boolean }): PhaseReading {
  const agent = agentLegOf(view);
  const customer = customerLegOf(view);
  const connectedAt = customer?.wasConnected ? customer.connectedAt : undefined;
  const over = (agent !== undefined && isEnded(agent)) || (customer !== undefined && isEnded(customer));
  if (over) {
    const endedAt = Math.max(...[agent?.endedAt, customer?.endedAt].filter((at): at is number => at !== undefined));
    return {
      phase: 'ended',
      endReason: endReason(agent, customer, context.hangUpRequested),
      connectedAt,
      endedAt: Number.isFinite(endedAt) ? endedAt : undefined,
    };
  }
  if (customer?.state === 'connected') return { phase: 'connected', connectedAt };
  if (customer !== undefined) return { phase: 'dialingCustomer' };
  // The agent answered and the platform has not added the customer leg yet: it is about to dial.
  if (agent?.state === 'connected') return { phase: 'dialingCustomer' };
  if (agent !== undefined) return { phase: 'ringingAgent' };
  return { phase: 'placing' };
}

function endReason(agent: LegView | undefined, customer: LegView | undefined, hangUpRequested: boolean): CallEndReason {
  if (customer?.wasConnected) return 'hungUp';
  if (hangUpRequested) return 'cancelled';
  const customerEnded = customer !== undefined && isEnded(customer) && customer.disconnectType !== 'peer';
  const ender = customerEnded ? customer : agent;
  const type = ender?.disconnectType;
  if (type === 'client') return 'cancelled';
  if (ender !== undefined && ender === customer) {
    switch (type) {
      case 'endpoint':
      case 'endpoint.donotdisturb':
        return 'busy';
      case 'system':
      case 'transfer.noanswer':
      case 'inactivity':
        return 'noAnswer';
      case 'transport.failure':
      case 'error':
        return 'unreachable';
      default:
        return 'failed';
    }
  }
  if (ender !== undefined && ender === agent) {
    if (agent.wasConnected) {
      // The agent's side hung up while the customer was still ringing.
      return type === 'endpoint' || type === 'peer' ? 'cancelled' : 'failed';
    }
    switch (type) {
      case 'system':
      case 'endpoint':
      case 'endpoint.donotdisturb':
      case 'transfer.noanswer':
      case 'transfer.notavailable':
      case 'inactivity':
        return 'agentNoAnswer';
      default:
        return 'failed';
    }
  }
  return 'failed';
}

export interface PhaseState {
  phase: CallPhase;
  endReason?: CallEndReason;
  connectedAt?: number;
  endedAt?: number;
}

/**
 * Applies a reading without ever moving backwards: a late REST read or a delayed event cannot
 * undo a later phase, and once ended nothing changes. `now` stamps times Genesys left out.
 */
export function advancePhase(current: PhaseState, reading: PhaseReading, now: number): PhaseState {
  if (current.phase === 'ended') return current;
  if (PHASE_RANK[reading.phase] < PHASE_RANK[current.phase]) return current;
  const next: PhaseState = { phase: reading.phase };
  const reachedConnect = reading.phase === 'connected' || reading.connectedAt !== undefined;
  const connectedAt = current.connectedAt ?? reading.connectedAt ?? (reachedConnect ? now : undefined);
  if (connectedAt !== undefined) next.connectedAt = connectedAt;
  if (reading.phase === 'ended') {
    next.endReason = reading.endReason ?? 'failed';
    next.endedAt = reading.endedAt ?? now;
  }
  return next;
}

/**
 * Whether `view` is the call we dialled: the customer leg's address is our number, or, before the
 * customer leg exists (the agent's phone still rings), the agent leg dials it.
 */
export function dialsNumber(view: ConversationView, e164: string): boolean {
  const wanted = digitsOf(e164);
  if (wanted === '') return false;
  const same = (address: string | undefined): boolean => address !== undefined && digitsOf(address) === wanted;
  return view.legs.some((leg) => (leg.role === 'customer' && same(leg.address)) || (leg.role === 'agent' && same(leg.dialled)));
}

function digitsOf(address: string): string {
  // `tel:+13175550123;ext=12` → 13175550123: compare the number only.
  const withoutScheme = address.replace(/^(tel|sip):/i, '').split(/[;@]/)[0] ?? '';
  return withoutScheme.replace(/\D/g, '');
}
