import { z } from 'zod';

/**
 * Runtime descriptions of the calls endpoints' answers, with the enums the real service uses
 * (fact sheet §3, from the Python SDK's allowed_values). The conformance tests parse every live
 * simulator answer with them, so a missing required field or an invented enum value fails a test.
 */

export const participantStates = [
  'alerting',
  'dialing',
  'contacting',
  'offering',
  'connected',
  'disconnected',
  'terminated',
  'converting',
  'uploading',
  'transmitting',
  'parked',
  'none',
] as const;

export const disconnectTypes = [
  'endpoint',
  'endpoint.donotdisturb',
  'client',
  'system',
  'transfer',
  'transfer.conference',
  'transfer.consult',
  'transfer.donotdisturb',
  'transfer.forward',
  'transfer.noanswer',
  'transfer.notavailable',
  'transport.failure',
  'error',
  'peer',
  'other',
  'spam',
  'inactivity',
  'session.expired',
  'takeover',
] as const;

export const participantPurposes = ['agent', 'user', 'customer', 'external', 'acd', 'ivr', 'station'] as const;
export const directions = ['inbound', 'outbound'] as const;

const isoDate = z.string().refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value), 'ISO-8601 UTC date-time');
const address = z.string().regex(/^(tel:\+?\d{3,15}|sip:.+)$/, 'tel: or sip: address');

export const createCallResponseSchema = z.object({
  id: z.string().min(1),
  selfUri: z.string().startsWith('/api/v2/conversations/calls/'),
});

export const callMediaParticipantSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  address,
  startTime: isoDate,
  connectedTime: isoDate.optional(),
  endTime: isoDate.optional(),
  purpose: z.enum(participantPurposes),
  state: z.enum(participantStates),
  direction: z.enum(directions),
  disconnectType: z.enum(disconnectTypes).optional(),
  held: z.boolean(),
  muted: z.boolean(),
  user: z.object({ id: z.string().min(1), name: z.string().min(1), selfUri: z.string().startsWith('/api/v2/users/') }).optional(),
  attributes: z.record(z.string(), z.string()),
  ani: address,
  dnis: address,
});

export const callConversationSchema = z
  .object({
    id: z.string().min(1),
    participants: z.array(callMediaParticipantSchema).min(1),
    recordingState: z.string(),
    maxParticipants: z.number().int().positive(),
    selfUri: z.string().startsWith('/api/v2/conversations/calls/'),
  })
  // CallConversation has no top-level state; the state lives on each participant.
  .refine((value) => !('state' in value), 'CallConversation must not carry a top-level state');

const listingFields = {
  pageSize: z.number().int().positive(),
  pageNumber: z.number().int().positive(),
  total: z.number().int().nonnegative(),
  pageCount: z.number().int().nonnegative(),
  firstUri: z.string().startsWith('/api/v2/'),
  selfUri: z.string().startsWith('/api/v2/'),
  lastUri: z.string().startsWith('/api/v2/'),
  nextUri: z.string().startsWith('/api/v2/').optional(),
  previousUri: z.string().startsWith('/api/v2/').optional(),
};

export const callConversationListingSchema = z.object({ entities: z.array(callConversationSchema), ...listingFields });

export const callHistoryConversationSchema = z.object({
  id: z.string().min(1),
  participants: z
    .array(
      z.object({
        id: z.string().min(1),
        purpose: z.enum(participantPurposes),
        direction: z.enum(directions),
        ani: address,
        dnis: address,
        startTime: isoDate,
        endTime: isoDate,
        disconnectType: z.enum(disconnectTypes),
      }),
    )
    .min(1),
  direction: z.enum(directions),
  missedCall: z.boolean(),
  startTime: isoDate,
  selfUri: z.string().startsWith('/api/v2/conversations/calls/'),
});

export const callHistoryListingSchema = z.object({ entities: z.array(callHistoryConversationSchema), ...listingFields });

/** The generic Conversation that PATCH /conversations/calls/{id} returns: startTime and participants are required. */
export const conversationSchema = z.object({
  id: z.string().min(1),
  startTime: isoDate,
  participants: z
    .array(
      z.object({
        id: z.string().min(1),
        purpose: z.enum(participantPurposes),
        calls: z.array(z.object({ id: z.string().min(1), state: z.enum(participantStates), direction: z.enum(directions) })).length(1),
      }),
    )
    .min(1),
});

/** `v2.users.{id}.conversations`: state inside participants[].calls[]. */
export const conversationEventSchema = z.object({
  id: z.string().min(1),
  participants: z
    .array(
      z.object({
        id: z.string().min(1),
        purpose: z.enum(participantPurposes),
        calls: z
          .array(
            z.object({
              id: z.string().min(1),
              state: z.enum(participantStates),
              direction: z.enum(directions),
              disconnectType: z.enum(disconnectTypes).optional(),
              self: z.object({ addressNormalized: z.string().min(1) }),
              other: z.object({ addressNormalized: z.string().min(1) }),
            }),
          )
          .length(1),
      }),
    )
    .min(1),
});

/** `v2.users.{id}.conversations.calls`: flat, like CallConversation. */
export const callConversationEventSchema = z.object({
  id: z.string().min(1),
  participants: z
    .array(
      z.object({
        id: z.string().min(1),
        purpose: z.enum(participantPurposes),
        state: z.enum(participantStates),
        initialState: z.enum(participantStates),
        direction: z.enum(directions),
        disconnectType: z.enum(disconnectTypes).optional(),
        user: z.object({ id: z.string().min(1) }).optional(),
        ani: address,
        dnis: address,
      }),
    )
    .min(1),
});
