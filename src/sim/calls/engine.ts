import type { SimClock, SimTimer } from '../kernel';
import { SimHttpError } from '../kernel';
import {
  AGENT_TIMINGS,
  type AnswerMode,
  type CustomerEnding,
  type CustomerPlan,
  type SimDisconnectType,
} from './scenarios';

/**
 * The call state machine, free of HTTP. One outbound call has two legs: the agent's station
 * (purpose 'agent') is rung first, and only when it connects does the platform dial the customer
 * (purpose 'customer'). This order is the simulator's design choice; the real sequence is
 * UNCONFIRMED (fact sheet §3). In a two-party call any leg ending ends the other with 'peer'.
 */

export type LegState = 'contacting' | 'dialing' | 'connected' | 'disconnected';

export interface Leg {
  /** Participant id. */
  id: string;
  /** Communication id (`calls[].id` in the conversations topic). */
  callId: string;
  purpose: 'agent' | 'customer';
  name: string;
  address: string;
  ani: string;
  dnis: string;
  state: LegState;
  initialState: LegState;
  startTime: number;
  connectedTime?: number;
  endTime?: number;
  disconnectType?: SimDisconnectType;
  held: boolean;
  muted: boolean;
  user?: { id: string; name: string };
  attributes: Record<string, string>;
  sipResponseCode?: number;
  /** Display name of the caller id the customer sees. */
  callerIdName?: string;
}

export interface SimCall {
  id: string;
  agent: { id: string; name: string };
  phoneNumber: string;
  plan: CustomerPlan;
  answerMode: AnswerMode;
  startTime: number;
  endTime?: number;
  legs: Leg[];
  /** The next scheduled transition; at most one at a time because a call's life is sequential. */
  pending?: PendingStep;
  /** Who asked for the call, for the history and the control listing. */
  placedBy: { clientId: string; userId?: string };
  customer: { ani: string; callerIdName?: string; name: string; attributes: Record<string, string> };
}

interface PendingStep {
  timer: SimTimer;
  dueAt: number;
  label: string;
  run: () => void;
}

export interface PlaceCallInput {
  agent: { id: string; name: string };
  answerMode: AnswerMode;
  phoneNumber: string;
  plan: CustomerPlan;
  callerId: string;
  callerIdName?: string;
  destinationName?: string;
  attributes: Record<string, string>;
  placedBy: { clientId: string; userId?: string };
}

/** Outcomes a test can force; each is applied at once, whatever timers were pending. */
export const FORCED_OUTCOMES = [
  'agentAnswer',
  'agentNoAnswer',
  'agentReject',
  'customerAnswer',
  'busy',
  'noAnswer',
  'unreachable',
  'customerHangUp',
  'agentHangUp',
] as const;
export type ForcedOutcome = (typeof FORCED_OUTCOMES)[number];

export interface CallEngineDeps {
  clock: SimClock;
  ids(): string;
  /** Called after every state change, in order, with the call as it now is. */
  onChange(call: SimCall): void;
}

const ENDINGS: Record<'busy' | 'noAnswer' | 'unreachable', Omit<CustomerEnding, 'afterMs'>> = {
  busy: { disconnectType: 'endpoint', sipResponseCode: 486 },
  noAnswer: { disconnectType: 'system', sipResponseCode: 480 },
  unreachable: { disconnectType: 'transport.failure', sipResponseCode: 503 },
};

export class CallEngine {
  private readonly calls = new Map<string, SimCall>();

  constructor(private readonly deps: CallEngineDeps) {}

  place(input: PlaceCallInput): SimCall {
    const now = this.deps.clock.now();
    const agentAddress = `sip:${input.agent.id}@localhost`;
    const dnis = `tel:${input.phoneNumber}`;
    const call: SimCall = {
      id: this.deps.ids(),
      agent: input.agent,
      phoneNumber: input.phoneNumber,
      plan: input.plan,
      answerMode: input.answerMode,
      startTime: now,
      legs: [
        {
          id: this.deps.ids(),
          callId: this.deps.ids(),
          purpose: 'agent',
          name: input.agent.name,
          address: agentAddress,
          ani: agentAddress,
          dnis,
          state: 'contacting',
          initialState: 'contacting',
          startTime: now,
          held: false,
          muted: false,
          user: { id: input.agent.id, name: input.agent.name },
          attributes: {},
        },
      ],
      placedBy: input.placedBy,
      customer: {
        ani: `tel:${input.callerId}`,
        callerIdName: input.callerIdName,
        name: input.destinationName ?? input.phoneNumber,
        attributes: input.attributes,
      },
    };
    this.calls.set(call.id, call);
    this.scheduleAgent(call);
    this.deps.onChange(call);
    return call;
  }

  get(id: string): SimCall | undefined {
    return this.calls.get(id);
  }

  all(): SimCall[] {
    return [...this.calls.values()];
  }

  /** Hang up one leg (the API's PATCH {state:'disconnected'}); the other leg follows as 'peer'. */
  disconnectLeg(call: SimCall, legId: string, disconnectType: SimDisconnectType): void {
    const leg = requireLeg(call, legId);
    if (leg.state === 'disconnected') throw callDisconnected();
    this.endCall(call, leg, disconnectType);
  }

  /** PATCH the conversation {state:'disconnected'}: every leg ends as the client's doing. */
  disconnectAll(call: SimCall): void {
    if (call.endTime !== undefined) throw callDisconnected();
    this.cancelPending(call);
    const now = this.deps.clock.now();
    for (const leg of call.legs) {
      if (leg.state !== 'disconnected') endLeg(leg, now, 'client');
    }
    call.endTime = now;
    this.deps.onChange(call);
  }

  /** PATCH {state:'connected'} on the agent's ringing leg: the agent answers by hand. */
  answerLeg(call: SimCall, legId: string): void {
    const leg = requireLeg(call, legId);
    if (leg.state === 'disconnected') throw callDisconnected();
    if (leg.state === 'connected') return;
    if (leg.purpose !== 'agent') {
      throw new SimHttpError(400, 'bad.request', "Only the agent's own ringing leg can be answered through the API.");
    }
    this.connectAgent(call);
  }

  setLegFlags(call: SimCall, legId: string, flags: { held?: boolean; muted?: boolean }): void {
    const leg = requireLeg(call, legId);
    if (leg.state === 'disconnected') throw callDisconnected();
    if (flags.held !== undefined && leg.state !== 'connected') {
      throw new SimHttpError(400, 'conversation.error.hold.alerting', 'A call that is not connected cannot be held.');
    }
    const changed =
      (flags.held !== undefined && flags.held !== leg.held) || (flags.muted !== undefined && flags.muted !== leg.muted);
    if (flags.held !== undefined) leg.held = flags.held;
    if (flags.muted !== undefined) leg.muted = flags.muted;
    if (changed) this.deps.onChange(call);
  }

  /** Run the pending transition now instead of waiting for its timer. */
  advance(call: SimCall): string {
    const step = call.pending;
    if (!step) {
      throw new SimHttpError(409, 'sim.call.nothing.pending', 'The call has no scheduled transition left to advance.');
    }
    this.deps.clock.clearTimeout(step.timer);
    call.pending = undefined;
    step.run();
    return step.label;
  }

  forceOutcome(call: SimCall, outcome: ForcedOutcome): void {
    if (call.endTime !== undefined) throw callDisconnected();
    const agent = agentLeg(call);
    const customer = customerLeg(call);
    const reason = whyNotApplicable(outcome, agent, customer);
    if (reason) throw new SimHttpError(409, 'sim.call.outcome.not.applicable', `Cannot force ${outcome}: ${reason}.`);
    this.cancelPending(call);
    switch (outcome) {
      case 'agentAnswer':
        this.connectAgent(call);
        return;
      case 'agentNoAnswer':
        this.endCall(call, agent, 'system');
        return;
      case 'agentReject':
        this.endCall(call, agent, 'endpoint');
        return;
      case 'customerAnswer':
        this.ensureCustomerDialing(call);
        this.connectCustomer(call, undefined);
        return;
      case 'busy':
      case 'noAnswer':
      case 'unreachable': {
        const dialing = this.ensureCustomerDialing(call);
        this.endCall(call, dialing, ENDINGS[outcome].disconnectType, ENDINGS[outcome].sipResponseCode);
        return;
      }
      case 'customerHangUp':
        if (customer) this.endCall(call, customer, 'endpoint');
        return;
      case 'agentHangUp':
        this.endCall(call, agent, 'endpoint');
        return;
    }
  }

  close(): void {
    for (const call of this.calls.values()) this.cancelPending(call);
  }

  private scheduleAgent(call: SimCall): void {
    const agent = agentLeg(call);
    switch (call.answerMode) {
      case 'auto':
        this.schedule(call, AGENT_TIMINGS.answerMs, 'agent answers', () => this.connectAgent(call));
        return;
      case 'noAnswer':
        this.schedule(call, AGENT_TIMINGS.noAnswerMs, 'agent does not answer', () => this.endCall(call, agent, 'system'));
        return;
      case 'reject':
        this.schedule(call, AGENT_TIMINGS.rejectMs, 'agent rejects', () => this.endCall(call, agent, 'endpoint'));
        return;
    }
  }

  private connectAgent(call: SimCall): void {
    // An answer by PATCH pre-empts whatever the answer mode had scheduled (e.g. a reject).
    this.cancelPending(call);
    const agent = agentLeg(call);
    agent.state = 'connected';
    agent.connectedTime = this.deps.clock.now();
    this.deps.onChange(call);
    const customer = this.ensureCustomerDialing(call);
    const { plan } = call;
    if (plan.failure) {
      const failure = plan.failure;
      this.schedule(call, failure.afterMs, `customer ${plan.key} ends`, () =>
        this.endCall(call, customer, failure.disconnectType, failure.sipResponseCode),
      );
    } else if (plan.answerAfterMs !== undefined) {
      this.schedule(call, plan.answerAfterMs, 'customer answers', () => this.connectCustomer(call, plan.hangUpAfterConnectMs));
    }
  }

  /** Adds the customer leg (dialing) if the platform has not dialled it yet, connecting the agent first. */
  private ensureCustomerDialing(call: SimCall): Leg {
    const existing = customerLeg(call);
    if (existing) return existing;
    const agent = agentLeg(call);
    const now = this.deps.clock.now();
    if (agent.state === 'contacting') {
      agent.state = 'connected';
      agent.connectedTime = now;
      this.deps.onChange(call);
    }
    const customer: Leg = {
      id: this.deps.ids(),
      callId: this.deps.ids(),
      purpose: 'customer',
      name: call.customer.name,
      address: `tel:${call.phoneNumber}`,
      ani: call.customer.ani,
      dnis: `tel:${call.phoneNumber}`,
      state: 'dialing',
      initialState: 'dialing',
      startTime: now,
      held: false,
      muted: false,
      attributes: call.customer.attributes,
      callerIdName: call.customer.callerIdName,
    };
    call.legs.push(customer);
    this.deps.onChange(call);
    return customer;
  }

  private connectCustomer(call: SimCall, hangUpAfterMs: number | undefined): void {
    const customer = customerLeg(call);
    if (!customer) return;
    customer.state = 'connected';
    customer.connectedTime = this.deps.clock.now();
    this.deps.onChange(call);
    if (hangUpAfterMs !== undefined) {
      this.schedule(call, hangUpAfterMs, 'customer hangs up', () => this.endCall(call, customer, 'endpoint'));
    }
  }

  private endCall(call: SimCall, first: Leg, disconnectType: SimDisconnectType, sipResponseCode?: number): void {
    this.cancelPending(call);
    const now = this.deps.clock.now();
    endLeg(first, now, disconnectType);
    if (sipResponseCode !== undefined) first.sipResponseCode = sipResponseCode;
    for (const leg of call.legs) {
      if (leg !== first && leg.state !== 'disconnected') endLeg(leg, now, 'peer');
    }
    call.endTime = now;
    this.deps.onChange(call);
  }

  private schedule(call: SimCall, ms: number, label: string, run: () => void): void {
    this.cancelPending(call);
    const timer = this.deps.clock.setTimeout(() => {
      if (call.pending?.timer === timer) call.pending = undefined;
      run();
    }, ms);
    call.pending = { timer, dueAt: this.deps.clock.now() + ms, label, run };
  }

  private cancelPending(call: SimCall): void {
    if (!call.pending) return;
    this.deps.clock.clearTimeout(call.pending.timer);
    call.pending = undefined;
  }
}

function whyNotApplicable(outcome: ForcedOutcome, agent: Leg, customer: Leg | undefined): string | undefined {
  switch (outcome) {
    case 'agentAnswer':
    case 'agentNoAnswer':
    case 'agentReject':
      return agent.state === 'contacting' ? undefined : "the agent's leg is not ringing";
    case 'customerAnswer':
    case 'busy':
    case 'noAnswer':
    case 'unreachable':
      return customer?.state === 'connected' ? 'the customer has already answered' : undefined;
    case 'customerHangUp':
      return customer?.state === 'connected' ? undefined : 'the customer is not connected';
    case 'agentHangUp':
      return undefined;
  }
}

function endLeg(leg: Leg, now: number, disconnectType: SimDisconnectType): void {
  leg.state = 'disconnected';
  leg.endTime = now;
  leg.disconnectType = disconnectType;
  leg.held = false;
}

export function agentLeg(call: SimCall): Leg {
  const leg = call.legs.find((candidate) => candidate.purpose === 'agent');
  if (!leg) throw new Error(`call ${call.id} has no agent leg`);
  return leg;
}

export function customerLeg(call: SimCall): Leg | undefined {
  return call.legs.find((candidate) => candidate.purpose === 'customer');
}

function requireLeg(call: SimCall, legId: string): Leg {
  const leg = call.legs.find((candidate) => candidate.id === legId);
  if (!leg) {
    throw new SimHttpError(
      404,
      'conversation.error.not.conversation.participant',
      'The participant is not part of this conversation.',
      { entityId: legId },
    );
  }
  return leg;
}

function callDisconnected(): SimHttpError {
  return new SimHttpError(400, 'conversation.error.call.disconnected', 'The call is already disconnected.');
}
