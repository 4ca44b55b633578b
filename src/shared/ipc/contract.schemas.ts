/**
 * The zod schema of every request channel's argument. Main-only: the preload and renderer
 * must not bundle zod. The mapped type makes a channel without a schema a compile error.
 */
import { z } from 'zod';
import type { DialSource } from '../domain';
import type { RequestArgs, RequestChannel } from './contract';

const dialSources = ['dialpad', 'recent', 'tray', 'link', 'favorite', 'clipboard', 'shortcut'] as const satisfies readonly DialSource[];

const empty = z.object({}).strict();
const id = z.string().min(1).max(200);
/** Long enough for any number someone pastes with formatting, short enough to refuse garbage. */
const phoneInput = z.string().max(200);

const connectionDraft = z
  .object({
    id: id.optional(),
    name: z.string().trim().min(1, 'Give the connection a name.').max(80),
    region: z.string().min(1).max(40),
    customHost: z.string().trim().max(253).optional(),
    method: z.enum(['clientCredentials', 'pkce']),
    clientId: z.string().trim().min(1, 'Enter the OAuth client ID.').max(200),
    clientSecret: z.string().min(1).max(500).optional(),
  })
  .strict();

const settingsPatch = z
  .object({
    defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as US or GB.'),
    favoriteAgentIds: z.array(id).max(500),
    favoriteNumbers: z.array(z.object({ label: z.string().trim().min(1).max(80), e164: z.string().regex(/^\+[1-9]\d{1,14}$/) }).strict()).max(50),
    closeToTray: z.boolean(),
    startAtLogin: z.boolean(),
    startHidden: z.boolean(),
    globalShortcut: z.string().min(1).max(100).nullable(),
    notifications: z.boolean(),
  })
  .strict()
  .partial();

export const requestSchemas: { [C in RequestChannel]: z.ZodType<RequestArgs<C>> } = {
  'app:getInfo': empty,
  'app:getSnapshot': empty,
  'app:dismissNotice': z.object({ id }).strict(),

  'connections:save': connectionDraft,
  'connections:delete': z.object({ id }).strict(),
  'connections:test': connectionDraft,

  'auth:signIn': z.object({ connectionId: id }).strict(),
  'auth:signInDemo': empty,
  'auth:cancelSignIn': empty,
  'auth:signOut': empty,

  'dial:preview': z.object({ number: phoneInput }).strict(),
  'dial:place': z
    .object({ number: phoneInput, agentId: id.optional(), source: z.enum(dialSources), confirmWarnings: z.boolean().optional() })
    .strict(),
  'dial:prepare': z.object({ agentId: id }).strict(),
  'calls:hangUp': z.object({ callId: id }).strict(),
  'calls:dismiss': z.object({ callId: id }).strict(),

  'recents:get': empty,
  'recents:delete': z.object({ id }).strict(),
  'recents:clear': empty,
  'recents:exportCsv': empty,
  'audit:export': empty,

  'agents:getDirectory': empty,
  'agents:refresh': empty,
  'agents:watch': z.object({ ids: z.array(id).max(2000) }).strict(),
  'agents:queueMembers': z.object({ queueId: id }).strict(),
  'agents:groupMembers': z.object({ groupId: id }).strict(),
  'agents:toggleFavorite': z.object({ agentId: id }).strict(),

  'settings:update': settingsPatch,

  'links:confirm': z.object({ linkId: id, agentId: id.nullable(), confirmWarnings: z.boolean().optional() }).strict(),
  'links:dismiss': z.object({ linkId: id }).strict(),

  'shell:makeDefaultHandler': empty,
  'shell:openExternal': z.object({ url: z.string().url().max(2000) }).strict(),
};
