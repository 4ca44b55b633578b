import type { Models } from 'purecloud-platform-client-v2';
import type { Leg, SimCall } from './engine';

/**
 * The shapes the real API shows for one call, each typed against the SDK's model so a drift
 * from `index.d.ts` fails to compile. REST carries state per participant (no top-level state);
 * the `v2.users.{id}.conversations` topic nests it in `participants[].calls[]`.
 */

/** CallConversation.maxParticipants; the real per-org value is UNCONFIRMED. */
export const MAX_PARTICIPANTS = 10;

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

export function callSelfUri(id: string): string {
  return `/api/v2/conversations/calls/${id}`;
}

function userRef(leg: Leg): Models.DomainEntityRef | undefined {
  return leg.user && { id: leg.user.id, name: leg.user.name, selfUri: `/api/v2/users/${leg.user.id}` };
}

/** Fields REST and the flat calls topic share; left unannotated so it fits both SDK models. */
function participantFields(leg: Leg) {
  return {
    id: leg.id,
    name: leg.name,
    address: leg.address,
    startTime: iso(leg.startTime),
    connectedTime: iso(leg.connectedTime),
    endTime: iso(leg.endTime),
    purpose: leg.purpose,
    state: leg.state,
    direction: 'outbound',
    disconnectType: leg.disconnectType,
    held: leg.held,
    muted: leg.muted,
    confined: false,
    recording: false,
    wrapupRequired: false,
    provider: 'Edge',
    attributes: { ...leg.attributes },
    ani: leg.ani,
    dnis: leg.dnis,
  };
}

export function callMediaParticipant(leg: Leg): Models.CallMediaParticipant {
  return { ...participantFields(leg), user: userRef(leg) };
}

export function callConversation(call: SimCall): Models.CallConversation {
  return {
    id: call.id,
    participants: call.legs.map(callMediaParticipant),
    otherMediaUris: [],
    recordingState: 'none',
    maxParticipants: MAX_PARTICIPANTS,
    selfUri: callSelfUri(call.id),
  };
}

/** `v2.users.{id}.conversations.calls`: flat, like CallConversation, plus `initialState`. */
export function callConversationEvent(call: SimCall): Models.ConversationCallEventTopicCallConversation {
  return {
    id: call.id,
    participants: call.legs.map((leg) => ({
      ...participantFields(leg),
      user: leg.user && { id: leg.user.id, name: leg.user.name },
      initialState: leg.initialState,
    })),
    otherMediaUris: [],
    recordingState: 'none',
    maxParticipants: MAX_PARTICIPANTS,
  };
}

function peerOf(call: SimCall, leg: Leg): Leg | undefined {
  return call.legs.find((other) => other !== leg);
}

function topicCall(call: SimCall, leg: Leg): Models.ConversationEventTopicCall {
  const peer = peerOf(call, leg);
  return {
    id: leg.callId,
    state: leg.state,
    initialState: leg.initialState,
    recording: false,
    recordingState: 'none',
    muted: leg.muted,
    confined: false,
    held: leg.held,
    disconnectType: leg.disconnectType,
    direction: 'outbound',
    self: { addressNormalized: leg.address },
    other: { addressNormalized: peer?.address ?? leg.dnis, name: leg.purpose === 'customer' ? leg.callerIdName : undefined },
    provider: 'Edge',
    peerId: peer?.callId,
    connectedTime: iso(leg.connectedTime),
    disconnectedTime: iso(leg.endTime),
  };
}

/** `v2.users.{id}.conversations`: the state lives in `participants[].calls[]`. */
export function conversationEvent(call: SimCall): Models.ConversationEventTopicConversation {
  return {
    id: call.id,
    maxParticipants: MAX_PARTICIPANTS,
    recordingState: 'none',
    participants: call.legs.map((leg) => ({
      id: leg.id,
      connectedTime: iso(leg.connectedTime),
      endTime: iso(leg.endTime),
      userId: leg.user?.id,
      name: leg.name,
      purpose: leg.purpose,
      address: leg.address,
      wrapupRequired: false,
      attributes: { ...leg.attributes },
      calls: [topicCall(call, leg)],
    })),
  };
}

/** What PATCH /conversations/calls/{id} returns: the generic Conversation model. */
export function conversation(call: SimCall): Models.Conversation {
  return {
    id: call.id,
    startTime: iso(call.startTime) ?? '',
    endTime: iso(call.endTime),
    maxParticipants: MAX_PARTICIPANTS,
    recordingState: 'none',
    participants: call.legs.map((leg) => ({
      id: leg.id,
      startTime: iso(leg.startTime),
      connectedTime: iso(leg.connectedTime),
      endTime: iso(leg.endTime),
      name: leg.name,
      userId: leg.user?.id,
      userUri: leg.user && `/api/v2/users/${leg.user.id}`,
      purpose: leg.purpose,
      address: leg.address,
      ani: leg.ani,
      dnis: leg.dnis,
      wrapupRequired: false,
      attributes: { ...leg.attributes },
      calls: [
        {
          id: leg.callId,
          state: leg.state,
          initialState: leg.initialState,
          direction: 'outbound',
          recording: false,
          recordingState: 'none',
          muted: leg.muted,
          confined: false,
          held: leg.held,
          disconnectType: leg.disconnectType,
          connectedTime: iso(leg.connectedTime),
          disconnectedTime: iso(leg.endTime),
          provider: 'Edge',
          peerId: peerOf(call, leg)?.callId,
          self: { addressNormalized: leg.address },
          other: { addressNormalized: peerOf(call, leg)?.address ?? leg.dnis },
        },
      ],
    })),
    selfUri: `/api/v2/conversations/${call.id}`,
  };
}

export function callHistoryConversation(call: SimCall, expandUser: boolean): Models.CallHistoryConversation {
  return {
    id: call.id,
    participants: call.legs.map((leg) => ({
      id: leg.id,
      name: leg.name,
      address: leg.address,
      startTime: iso(leg.startTime),
      endTime: iso(leg.endTime),
      purpose: leg.purpose,
      direction: 'outbound',
      ani: leg.ani,
      dnis: leg.dnis,
      user: leg.user && {
        id: leg.user.id,
        ...(expandUser ? { name: leg.user.name } : {}),
        version: 1,
        selfUri: `/api/v2/users/${leg.user.id}`,
      },
      disconnectType: leg.disconnectType,
      didInteract: leg.connectedTime !== undefined,
      sipResponseCodes: leg.sipResponseCode === undefined ? undefined : [leg.sipResponseCode],
    })),
    direction: 'outbound',
    wentToVoicemail: false,
    missedCall: false,
    startTime: iso(call.startTime),
    wasConference: false,
    wasCallback: false,
    hadScreenShare: false,
    hadCobrowse: false,
    wasOutboundCampaign: false,
    selfUri: callSelfUri(call.id),
  };
}
