import { z } from 'zod';

/**
 * Runtime descriptions of the notification service's answers and WebSocket messages (fact sheet
 * §5; SDK Channel, ChannelTopic; Java NotificationEvent). The conformance tests parse live
 * simulator output with them.
 */

export const channelSchema = z.object({
  id: z.string().min(1),
  connectUri: z.string().regex(/^wss?:\/\/[^/]+\/channels\/[^/]+$/),
  expires: z.string().refine((value) => !Number.isNaN(Date.parse(value)) && value.endsWith('Z'), 'ISO-8601 UTC date-time'),
});

export const channelListingSchema = z.object({ entities: z.array(channelSchema) });

export const channelTopicSchema = z.object({
  id: z.string().min(1),
  state: z.enum(['Permitted', 'Rejected']),
  rejectionReason: z.string().optional(),
});

export const channelTopicListingSchema = z.object({ entities: z.array(channelTopicSchema) });

/** {topicName, version, eventBody, metadata:{CorrelationId}} for topic events. */
export const topicEnvelopeSchema = z.object({
  topicName: z.string().min(1),
  version: z.string().min(1),
  eventBody: z.record(z.string(), z.unknown()),
  metadata: z.object({ CorrelationId: z.string().min(1) }),
});

export const channelMetadataSchema = z.object({
  topicName: z.literal('channel.metadata'),
  eventBody: z.object({ message: z.enum(['WebSocket Heartbeat', 'pong']) }),
});
