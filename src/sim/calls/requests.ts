import { SimHttpError } from '../kernel';
import { parseDialledNumber, type DialledNumber } from './phone';

/**
 * Validation of the bodies the calls endpoints accept, with the real error codes where the
 * fact sheet has them (§2, §3) and `bad.request` with a specific message elsewhere.
 */

export interface PhoneCallRequest {
  number: DialledNumber;
  callerId?: DialledNumber;
  callerIdName?: string;
  destinationName?: string;
  attributes: Record<string, string>;
}

const STRING_FIELDS = [
  'phoneNumber',
  'callerId',
  'callerIdName',
  'callFromQueueId',
  'callQueueId',
  'callUserId',
  'languageId',
  'routingSkillExpression',
  'uuiData',
  'externalContactId',
  'label',
] as const;

function badRequest(message: string): SimHttpError {
  return new SimHttpError(400, 'bad.request', message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`${field} must be a string.`);
  return value.trim() === '' ? undefined : value;
}

function stringArray(body: Record<string, unknown>, field: string): string[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw badRequest(`${field} must be an array of strings.`);
  }
  return value;
}

function stringMap(body: Record<string, unknown>, field: string): Record<string, string> {
  const value = body[field];
  if (value === undefined || value === null) return {};
  if (!isRecord(value) || !Object.values(value).every((item) => typeof item === 'string')) {
    throw badRequest(`${field} must be an object whose values are strings.`);
  }
  return { ...(value as Record<string, string>) };
}

interface DestinationInput {
  address?: string;
  name?: string;
  userId?: string;
  queueId?: string;
}

function destinations(body: Record<string, unknown>): DestinationInput[] {
  const value = body.participants;
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isRecord)) {
    throw badRequest('participants must be an array of Destination objects.');
  }
  return value.map((item) => ({
    address: optionalString(item, 'address'),
    name: optionalString(item, 'name'),
    userId: optionalString(item, 'userId'),
    queueId: optionalString(item, 'queueId'),
  }));
}

/** CreateCallRequest → the one phone destination the simulator can dial. */
export function parseCreateCallRequest(body: unknown): PhoneCallRequest {
  if (!isRecord(body)) throw badRequest('The request body must be a CreateCallRequest JSON object.');
  const strings = Object.fromEntries(STRING_FIELDS.map((field) => [field, optionalString(body, field)])) as Record<
    (typeof STRING_FIELDS)[number],
    string | undefined
  >;
  if (body.priority !== undefined && typeof body.priority !== 'number') throw badRequest('priority must be a number.');
  stringArray(body, 'routingSkillsIds');
  const conversationIds = stringArray(body, 'conversationIds');
  const participants = destinations(body);
  const attributes = stringMap(body, 'attributes');

  const destinationCount =
    (strings.phoneNumber ? 1 : 0) +
    (strings.callUserId ? 1 : 0) +
    (strings.callQueueId ? 1 : 0) +
    participants.length +
    conversationIds.length;
  if (destinationCount > 1) {
    throw new SimHttpError(
      400,
      'too.many.create.conversation.parameters',
      'Only a single destination can be supplied in a create conversation request.',
    );
  }
  if (destinationCount === 0) {
    throw badRequest('A destination is required: phoneNumber, callUserId, callQueueId, participants or conversationIds.');
  }
  const destination = participants[0];
  const rawNumber = strings.phoneNumber ?? (destination && !destination.userId && !destination.queueId ? destination.address : undefined);
  if (!rawNumber || strings.callFromQueueId) {
    throw badRequest(
      'The simulator dials phone numbers only (phoneNumber or participants[].address); callUserId, callQueueId, callFromQueueId, conversationIds and user or queue destinations are not simulated.',
    );
  }
  return {
    number: parseDialledNumber(rawNumber),
    callerId: strings.callerId === undefined ? undefined : parseDialledNumber(strings.callerId, 'callerId'),
    callerIdName: strings.callerIdName,
    destinationName: destination?.name,
    attributes,
  };
}

export type ParticipantChange =
  | { kind: 'disconnect' }
  | { kind: 'answer' }
  | { kind: 'flags'; held?: boolean; muted?: boolean };

const SUPPORTED_PARTICIPANT_FIELDS = new Set(['state', 'held', 'muted']);

/** MediaParticipantRequest → one change. state is "'connected' and 'disconnected'" per the API docs. */
export function parseParticipantChange(body: unknown): ParticipantChange {
  if (!isRecord(body)) throw badRequest('The request body must be a MediaParticipantRequest JSON object.');
  const unsupported = Object.keys(body).filter((key) => !SUPPORTED_PARTICIPANT_FIELDS.has(key));
  if (unsupported.length > 0) {
    throw badRequest(`The simulator supports state, held and muted; not ${unsupported.join(', ')}.`);
  }
  if (body.state !== undefined) {
    if (body.state !== 'connected' && body.state !== 'disconnected') {
      throw badRequest("state must be 'connected' or 'disconnected'.");
    }
    if (body.held !== undefined || body.muted !== undefined) {
      throw badRequest('Change state on its own, not together with held or muted.');
    }
    return { kind: body.state === 'disconnected' ? 'disconnect' : 'answer' };
  }
  for (const flag of ['held', 'muted'] as const) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean') throw badRequest(`${flag} must be a boolean.`);
  }
  if (body.held === undefined && body.muted === undefined) {
    throw badRequest('The request must change state, held or muted.');
  }
  return { kind: 'flags', held: body.held as boolean | undefined, muted: body.muted as boolean | undefined };
}

/** PATCH /conversations/calls/{id} body: the simulator only disconnects everyone. */
export function requireDisconnectAll(body: unknown): void {
  if (!isRecord(body) || body.state !== 'disconnected') {
    throw badRequest("The simulator supports PATCH of a call conversation with {\"state\":\"disconnected\"} only.");
  }
}
