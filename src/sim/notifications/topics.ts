/**
 * The topics the simulator can deliver. Genesys has hundreds; these are the five the app and its
 * tests use (fact sheet §5). Names are compared case-insensitively, as Genesys' own tutorial does,
 * and echoed back in their canonical spelling.
 */

const USER_TOPIC = /^v2\.users\.([^.\s]+)\.(presence|routingstatus|conversations|conversations\.calls|station)$/i;

const CANONICAL_SUFFIX: Record<string, string> = {
  presence: 'presence',
  routingstatus: 'routingStatus',
  conversations: 'conversations',
  'conversations.calls': 'conversations.calls',
  station: 'station',
};

export type TopicCheck = { ok: true; topicName: string } | { ok: false; reason: string };

export function checkTopic(raw: string, userExists: (userId: string) => boolean): TopicCheck {
  const match = USER_TOPIC.exec(raw.trim());
  const userId = match?.[1];
  const suffix = match?.[2];
  if (!userId || !suffix) {
    return {
      ok: false,
      reason: `Unknown topic. The simulator supports v2.users.{id}.presence, .routingStatus, .conversations, .conversations.calls and .station.`,
    };
  }
  if (!userExists(userId)) return { ok: false, reason: `No user with id ${userId} exists in this organization.` };
  return { ok: true, topicName: `v2.users.${userId}.${CANONICAL_SUFFIX[suffix.toLowerCase()] ?? suffix}` };
}

/** Key for case-insensitive matching between subscriptions and published topic names. */
export function topicKey(topicName: string): string {
  return topicName.toLowerCase();
}
