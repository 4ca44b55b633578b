import { z } from 'zod';

/**
 * Runtime checks of live simulator answers: the fields the app relies on must be present and enums
 * must hold values the real service uses (fact sheet §4, SDK index.d.ts, Python SDK allowed_values).
 */
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)) && value.endsWith('Z'), 'ISO-8601 UTC date');
export const systemPresences = ['Available', 'Away', 'Busy', 'Offline', 'Idle', 'On Queue', 'Meal', 'Training', 'Meeting', 'Break'] as const;
export const routingStatusValues = ['OFF_QUEUE', 'IDLE', 'INTERACTING', 'NOT_RESPONDING', 'COMMUNICATING'] as const;

export const errorBodySchema = z.object({
  message: z.string().min(1),
  code: z.string().min(1),
  status: z.number().int().min(400).max(599),
  contextId: uuid,
  details: z.array(z.object({ errorCode: z.string().optional(), fieldName: z.string().optional() })),
  errors: z.array(z.unknown()),
});

export const presenceDefinitionRefSchema = z.object({ id: uuid, systemPresence: z.enum(systemPresences), selfUri: z.string().startsWith('/api/v2/') });

export const userPresenceSchema = z.object({
  source: z.literal('PURECLOUD'),
  primary: z.boolean(),
  presenceDefinition: presenceDefinitionRefSchema,
  message: z.string(),
  modifiedDate: isoDate,
});

export const routingStatusSchema = z.object({ userId: uuid, status: z.enum(routingStatusValues), startTime: isoDate });

const userStationSchema = z.object({ id: uuid, name: z.string().min(1), type: z.string().min(1) });
export const userStationsSchema = z.object({
  associatedStation: userStationSchema.extend({ associatedUser: z.object({ id: uuid }), associatedDate: isoDate }).optional(),
  effectiveStation: userStationSchema.optional(),
  defaultStation: userStationSchema.optional(),
  lastAssociatedStation: userStationSchema.optional(),
});

export const userSchema = z.object({
  id: uuid,
  name: z.string().min(1),
  email: z.string().includes('@'),
  state: z.enum(['active', 'inactive', 'deleted']),
  version: z.number().int().positive(),
  division: z.object({ id: uuid, name: z.string() }),
  selfUri: z.string().startsWith('/api/v2/users/'),
  presence: userPresenceSchema.optional(),
  routingStatus: routingStatusSchema.optional(),
  station: userStationsSchema.optional(),
});

const listingUris = {
  firstUri: z.string().startsWith('/api/v2/'),
  selfUri: z.string().startsWith('/api/v2/'),
  lastUri: z.string().startsWith('/api/v2/'),
  nextUri: z.string().startsWith('/api/v2/').optional(),
  previousUri: z.string().startsWith('/api/v2/').optional(),
};

export const listingOf = <T extends z.ZodType>(entity: T) =>
  z.object({
    entities: z.array(entity),
    pageSize: z.number().int().positive(),
    pageNumber: z.number().int().positive(),
    total: z.number().int().nonnegative(),
    pageCount: z.number().int().nonnegative(),
    ...listingUris,
  });

export const usersSearchResponseSchema = z.object({
  total: z.number().int().nonnegative(),
  pageCount: z.number().int().nonnegative(),
  pageSize: z.number().int().positive(),
  pageNumber: z.number().int().positive(),
  types: z.array(z.string()),
  results: z.array(userSchema),
  currentPage: z.string().startsWith('/api/v2/users/search?q64='),
  nextPage: z.string().startsWith('/api/v2/users/search?q64=').optional(),
  previousPage: z.string().startsWith('/api/v2/users/search?q64=').optional(),
});

export const ucUserPresenceSchema = z.object({
  userId: uuid,
  source: z.literal('PURECLOUD'),
  presenceDefinition: presenceDefinitionRefSchema,
  modifiedDate: isoDate,
});

export const organizationPresenceDefinitionSchema = z.object({
  id: uuid,
  languageLabels: z.record(z.string(), z.string()),
  systemPresence: z.enum(systemPresences),
  type: z.enum(['System', 'User']),
  deactivated: z.boolean(),
});

export const stationSchema = z.object({
  id: uuid,
  name: z.string().min(1),
  status: z.enum(['AVAILABLE', 'ASSOCIATED']),
  type: z.string().min(1),
  userId: uuid.optional(),
  webRtcUserId: uuid.optional(),
  selfUri: z.string().startsWith('/api/v2/stations/'),
});

export const tokenInfoSchema = z.object({
  organization: z.object({ id: uuid, name: z.string().min(1) }),
  homeOrganization: z.object({ id: uuid, name: z.string().min(1) }),
  authorizedScope: z.array(z.string()),
  OAuthClient: z.object({ id: uuid, name: z.string().min(1), authorizedGrantType: z.enum(['CODE', 'TOKEN', 'SAML2BEARER', 'PASSWORD', 'CLIENT-CREDENTIALS']) }),
});

export const queueSchema = z.object({
  id: uuid,
  name: z.string().min(1),
  memberCount: z.number().int().nonnegative(),
  userMemberCount: z.number().int().nonnegative(),
  joinedMemberCount: z.number().int().nonnegative(),
  division: z.object({ id: uuid }),
  selfUri: z.string().startsWith('/api/v2/routing/queues/'),
});

export const queueMemberSchema = z.object({
  id: uuid,
  name: z.string().min(1),
  user: userSchema,
  ringNumber: z.number().int().positive(),
  joined: z.boolean(),
  memberBy: z.enum(['user', 'group']),
  routingStatus: routingStatusSchema.optional(),
});

export const queueMemberListingSchema = z
  .object({
    entities: z.array(queueMemberSchema),
    pageNumber: z.number().int().positive(),
    pageSize: z.number().int().positive(),
    firstUri: z.string(),
    selfUri: z.string(),
    nextUri: z.string().optional(),
    previousUri: z.string().optional(),
  })
  .strict();

export const groupSchema = z.object({
  id: uuid,
  name: z.string().min(1),
  type: z.enum(['official', 'social']),
  visibility: z.enum(['public', 'owners', 'members']),
  rulesVisible: z.boolean(),
  memberCount: z.number().int().nonnegative(),
  state: z.enum(['active', 'inactive', 'deleted']),
});

export const oauthErrorSchema = z.object({ error: z.string(), description: z.string(), error_description: z.string() }).strict();
