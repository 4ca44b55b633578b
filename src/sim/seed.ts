import { readFile } from 'node:fs/promises';

export const routingStatuses = ['OFF_QUEUE', 'IDLE', 'INTERACTING', 'NOT_RESPONDING', 'COMMUNICATING'] as const;
export type RoutingStatusValue = (typeof routingStatuses)[number];
export const answerModes = ['auto', 'noAnswer', 'reject'] as const;
export type AnswerMode = (typeof answerModes)[number];

export interface SeedUser {
  id: string;
  name: string;
  email: string;
  title: string;
  department: string;
  phone?: string;
  extension?: string;
  /** A system presence name ("Available", "On Queue", …) or a presence definition id. */
  presence: string;
  routingStatus: RoutingStatusValue;
  stationId: string | null;
  answerMode: AnswerMode;
}

export interface SeedCollection {
  id: string;
  name: string;
  description?: string;
  memberIds: string[];
}

/** The org a seed describes. Seed files use the same shape; fields with defaults may be left out (SeedInput). */
export interface SeedData {
  organization: { id: string; name: string };
  users: SeedUser[];
  stations: Array<{ id: string; name: string }>;
  queues: SeedCollection[];
  groups: SeedCollection[];
}

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
export interface SeedInput {
  organization: { id: string; name: string };
  users: Array<Optional<SeedUser, 'title' | 'department' | 'presence' | 'routingStatus' | 'stationId' | 'answerMode'>>;
  stations?: Array<{ id: string; name: string }>;
  queues?: SeedCollection[];
  groups?: SeedCollection[];
}

/**
 * Hand-written rather than a schema library: the CLI must start in well under a second and
 * importing a validator costs more than checking 10,000 users.
 */
class SeedReader {
  constructor(private readonly source: string) {}

  fail(path: string, problem: string): never {
    throw new Error(`${this.source}: invalid seed at ${path}: ${problem}`);
  }

  record(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'expected an object');
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string, fallback?: unknown[]): unknown[] {
    if (value === undefined && fallback) return fallback;
    if (!Array.isArray(value)) this.fail(path, 'expected an array');
    return value;
  }

  string(value: unknown, path: string, fallback?: string, minLength = 1): string {
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || value.length < minLength) this.fail(path, `expected a string of at least ${minLength} character(s)`);
    return value;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined ? undefined : this.string(value, path);
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) this.fail(path, `expected one of ${allowed.join(', ')}`);
    return value as T;
  }

  collection(value: unknown, path: string): SeedCollection {
    const raw = this.record(value, path);
    return {
      id: this.string(raw.id, `${path}.id`),
      name: this.string(raw.name, `${path}.name`),
      description: this.optionalString(raw.description, `${path}.description`),
      memberIds: this.array(raw.memberIds, `${path}.memberIds`).map((id, i) => this.string(id, `${path}.memberIds.${i}`)),
    };
  }
}

/** Fills defaults and checks references too, so a hand-written seed file fails with the field that is wrong. */
export function parseSeed(input: unknown, source = 'seed'): SeedData {
  const read = new SeedReader(source);
  const root = read.record(input, '(root)');
  const org = read.record(root.organization, 'organization');
  const usersRaw = read.array(root.users, 'users');
  if (usersRaw.length === 0) read.fail('users', 'expected at least one user');
  const seed: SeedData = {
    organization: { id: read.string(org.id, 'organization.id'), name: read.string(org.name, 'organization.name') },
    users: usersRaw.map((value, i) => {
      const path = `users.${i}`;
      const raw = read.record(value, path);
      const stationId = raw.stationId === null || raw.stationId === undefined ? null : read.string(raw.stationId, `${path}.stationId`);
      return {
        id: read.string(raw.id, `${path}.id`),
        name: read.string(raw.name, `${path}.name`),
        email: read.string(raw.email, `${path}.email`, undefined, 3),
        title: read.string(raw.title, `${path}.title`, 'Agent'),
        department: read.string(raw.department, `${path}.department`, 'Contact Centre'),
        phone: read.optionalString(raw.phone, `${path}.phone`),
        extension: read.optionalString(raw.extension, `${path}.extension`),
        presence: read.string(raw.presence, `${path}.presence`, 'Offline'),
        routingStatus: read.oneOf(raw.routingStatus, `${path}.routingStatus`, routingStatuses, 'OFF_QUEUE'),
        stationId,
        answerMode: read.oneOf(raw.answerMode, `${path}.answerMode`, answerModes, 'auto'),
      };
    }),
    stations: read.array(root.stations, 'stations', []).map((value, i) => {
      const raw = read.record(value, `stations.${i}`);
      return { id: read.string(raw.id, `stations.${i}.id`), name: read.string(raw.name, `stations.${i}.name`) };
    }),
    queues: read.array(root.queues, 'queues', []).map((value, i) => read.collection(value, `queues.${i}`)),
    groups: read.array(root.groups, 'groups', []).map((value, i) => read.collection(value, `groups.${i}`)),
  };
  const userIds = new Set<string>();
  for (const user of seed.users) {
    if (userIds.has(user.id)) throw new Error(`${source}: duplicate user id ${user.id}`);
    userIds.add(user.id);
  }
  const stationIds = new Set(seed.stations.map((station) => station.id));
  const stationOwners = new Map<string, string>();
  for (const user of seed.users) {
    if (user.stationId === null) continue;
    if (!stationIds.has(user.stationId)) throw new Error(`${source}: user ${user.id} has unknown station ${user.stationId}`);
    const owner = stationOwners.get(user.stationId);
    if (owner) throw new Error(`${source}: station ${user.stationId} is associated with both ${owner} and ${user.id}`);
    stationOwners.set(user.stationId, user.id);
  }
  for (const list of [seed.queues, seed.groups]) {
    for (const entry of list) {
      for (const member of entry.memberIds) if (!userIds.has(member)) throw new Error(`${source}: ${entry.name} lists unknown member ${member}`);
    }
  }
  return seed;
}

export async function loadSeedFile(file: string): Promise<SeedData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read seed file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Seed file ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseSeed(json, file);
}

/** mulberry32: small, fast and deterministic, so seed number N always yields the same org. */
export function createRandom(seedNumber: number): () => number {
  let state = seedNumber >>> 0 || 0x9e3779b9;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createUuidSource(random: () => number): () => string {
  return () => {
    const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

const SMALL_AGENTS: Array<[name: string, title: string, presence: string, routing: RoutingStatusValue]> = [
  ['Amara Okafor', 'Team Lead', 'Available', 'OFF_QUEUE'],
  ['Lukas Becker', 'Senior Agent', 'On Queue', 'IDLE'],
  ['Sofia Marquez', 'Agent', 'On Queue', 'INTERACTING'],
  ['Daniel Kim', 'Agent', 'Busy', 'OFF_QUEUE'],
  ['Priya Raman', 'Agent', 'On Queue', 'IDLE'],
  ['Tomasz Nowak', 'Agent', 'Away', 'OFF_QUEUE'],
  ['Chloe Dubois', 'Agent', 'Meal', 'OFF_QUEUE'],
  ['Mateo Rossi', 'Senior Agent', 'On Queue', 'COMMUNICATING'],
  ['Hannah Schmidt', 'Agent', 'Available', 'OFF_QUEUE'],
  ['Kwame Mensah', 'Agent', 'On Queue', 'NOT_RESPONDING'],
  ['Yuki Tanaka', 'Agent', 'Training', 'OFF_QUEUE'],
  ['Olivia Brown', 'Agent', 'Meeting', 'OFF_QUEUE'],
  ['Ahmed Hassan', 'Agent', 'On Queue', 'IDLE'],
  ['Isabel Costa', 'Agent', 'Break', 'OFF_QUEUE'],
  ['Finn O’Connor', 'Agent', 'Available', 'OFF_QUEUE'],
  ['Mei Lin', 'Senior Agent', 'On Queue', 'INTERACTING'],
  ['Jonas Lindqvist', 'Agent', 'Idle', 'OFF_QUEUE'],
  ['Fatima Zahra', 'Agent', 'Available', 'OFF_QUEUE'],
  ['Lucas Martin', 'Agent', 'Busy', 'OFF_QUEUE'],
  ['Aisha Bello', 'Agent', 'On Queue', 'IDLE'],
  ['Ravi Patel', 'Agent', 'Available', 'OFF_QUEUE'],
  ['Emma Wilson', 'Supervisor', 'Available', 'OFF_QUEUE'],
];
/** The three agents the issue asks for, kept at the end so their roles are easy to find. */
const SMALL_SPECIAL: Array<[name: string, title: string, presence: string, routing: RoutingStatusValue, role: 'noStation' | 'offline' | 'noAnswer']> = [
  ['Noah Fischer', 'Agent (no station)', 'Available', 'OFF_QUEUE', 'noStation'],
  ['Grace Muller', 'Agent (signed out)', 'Offline', 'OFF_QUEUE', 'offline'],
  ['Oscar Reyes', 'Agent (station never answers)', 'On Queue', 'IDLE', 'noAnswer'],
];

function emailFor(name: string, taken: Set<string>): string {
  const base = name
    .normalize('NFKD')
    .replace(/[^\p{L}\s-]/gu, '')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .join('.');
  let email = `${base}@demo-org.example`;
  for (let n = 2; taken.has(email); n++) email = `${base}${n}@demo-org.example`;
  taken.add(email);
  return email;
}

export function smallSeed(seedNumber = 1): SeedData {
  const uuid = createUuidSource(createRandom(seedNumber));
  const emails = new Set<string>();
  const users: SeedInput['users'] = [];
  const stations: SeedData['stations'] = [];
  const all = [...SMALL_AGENTS.map(([name, title, presence, routing]) => [name, title, presence, routing, 'normal'] as const), ...SMALL_SPECIAL];
  all.forEach(([name, title, presence, routing, role], index) => {
    const id = uuid();
    let stationId: string | null = null;
    if (role !== 'noStation') {
      stationId = uuid();
      stations.push({ id: stationId, name: `WebRTC - ${name}` });
    }
    const extension = String(2001 + index);
    users.push({
      id,
      name,
      email: emailFor(name, emails),
      title,
      department: title === 'Supervisor' ? 'Operations' : index % 2 === 0 ? 'Customer Care' : 'Sales',
      phone: `+1317555${extension}`,
      extension,
      presence,
      routingStatus: routing,
      stationId,
      answerMode: role === 'noAnswer' ? 'noAnswer' : 'auto',
    });
  });
  for (let n = 1; n <= 3; n++) stations.push({ id: uuid(), name: `Spare WebRTC phone ${n}` });
  const ids = users.map((user) => user.id);
  const pick = (indices: number[]): string[] => indices.map((i) => ids[i]).filter((id): id is string => id !== undefined);
  const queues = [
    { id: uuid(), name: 'Customer Care', description: 'First-line support', memberIds: pick([0, 1, 2, 4, 6, 8, 10, 12, 14, 16, 22, 24]) },
    { id: uuid(), name: 'Sales', description: 'Inbound sales', memberIds: pick([3, 5, 7, 9, 11, 13, 15, 17, 23]) },
    { id: uuid(), name: 'Billing', description: 'Invoices and payments', memberIds: pick([2, 7, 12, 18, 19, 24]) },
    { id: uuid(), name: 'Retention', description: 'Cancellations and win-back', memberIds: pick([1, 15, 19, 20]) },
  ];
  const groups = [
    { id: uuid(), name: 'Team North', description: 'Amara Okafor’s team', memberIds: pick([0, 1, 2, 3, 4, 5, 6, 7]) },
    { id: uuid(), name: 'Team South', description: 'Mei Lin’s team', memberIds: pick([8, 9, 10, 11, 12, 13, 14, 15]) },
    { id: uuid(), name: 'Supervisors', description: 'Floor supervisors', memberIds: pick([0, 21]) },
  ];
  return parseSeed({ organization: { id: uuid(), name: 'Demo Org' }, users, stations, queues, groups }, 'small seed');
}

const FIRST = 'Aaliyah Aarav Abdul Ada Adebayo Aiko Alejandro Alice Amir Ana Anders Andrea Anika Antoine Aria Arjun Astrid Ayesha Beatriz Ben Bianca Bruno Camila Carlos Chen Chiara Chloe Cyrus Dalia Daniel Dario Diego Dmitri Elena Elif Elijah Emeka Emma Enzo Erik Esther Farah Felix Fiona Freya Gabriel Giulia Hana Hassan Helena Hugo Ibrahim Ines Ingrid Isaac Ivan Jamal Jana Javier Jia Johan Jorge Julia Kai Kamala Karim Katarzyna Kenji Lars Layla Leila Leo Lina Liam Lucia Luis Maja Malik Maria Marta Mateo Maya Mehmet Mia Miguel Mohammed Nadia Naomi Nia Nikolai Nina Noah Nora Olga Omar Oskar Paolo Pedro Quentin Rafael Rania Rosa Ruth Sakura Samir Sara Sebastian Sina Sofia Soren Tariq Thea Tomas Uma Valentina Victor Wei Xavier Yara Yusuf Zainab Zoe'.split(' ');
const LAST = 'Abe Adeyemi Ahmed Alvarez Andersen Ansah Bauer Becker Bianchi Brown Castillo Chen Cohen Costa Dahl Das Dubois Eriksson Evans Fernandes Fischer Garcia Gomez Gonzalez Gupta Haddad Hansen Hernandez Hoffmann Horvat Ibrahim Ito Jansen Jensen Johansson Kaya Khan Kim Kowalski Kruger Larsen Laurent Lee Lopez Martin Meyer Moreau Mueller Murphy Nakamura Nguyen Nielsen Novak Okafor Olsen Park Patel Perez Petrov Popescu Ramos Reyes Rossi Russo Sato Schmidt Schneider Silva Singh Smith Sousa Suzuki Takahashi Tanaka Taylor Torres Vargas Wagner Walker Wang Weber Williams Wilson Yamamoto Yilmaz Zhang Zimmermann'.split(' ');
const QUEUE_AREAS = 'Billing Sales Support Retention Claims Onboarding Technical Returns Payments Loyalty Shipping Accounts Fraud Renewals Upgrades Enterprise Partners Complaints Appointments Orders'.split(' ');
const QUEUE_REGIONS = 'North South East West Central EMEA APAC Americas Nordics Iberia'.split(' ');

/** 10,000 agents (by default), ~200 queues and 100 teams, built in memory at start-up. */
export function largeSeed(seedNumber = 1, agentCount = 10_000): SeedData {
  const random = createRandom(seedNumber);
  const uuid = createUuidSource(random);
  const pickOne = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const emails = new Set<string>();
  const presenceMix: Array<[string, RoutingStatusValue, number]> = [
    ['On Queue', 'IDLE', 0.22],
    ['On Queue', 'INTERACTING', 0.18],
    ['On Queue', 'COMMUNICATING', 0.03],
    ['On Queue', 'NOT_RESPONDING', 0.01],
    ['Available', 'OFF_QUEUE', 0.12],
    ['Busy', 'OFF_QUEUE', 0.07],
    ['Away', 'OFF_QUEUE', 0.06],
    ['Break', 'OFF_QUEUE', 0.04],
    ['Meal', 'OFF_QUEUE', 0.04],
    ['Meeting', 'OFF_QUEUE', 0.03],
    ['Training', 'OFF_QUEUE', 0.02],
    ['Idle', 'OFF_QUEUE', 0.02],
    ['Offline', 'OFF_QUEUE', 0.16],
  ];
  const drawPresence = (): [string, RoutingStatusValue] => {
    let roll = random();
    for (const [presence, routing, share] of presenceMix) {
      roll -= share;
      if (roll < 0) return [presence, routing];
    }
    return ['Offline', 'OFF_QUEUE'];
  };
  const users: SeedInput['users'] = [];
  const stations: SeedData['stations'] = [];
  for (let i = 0; i < agentCount; i++) {
    const name = `${pickOne(FIRST)} ${pickOne(LAST)}`;
    const [presence, routingStatus] = drawPresence();
    const hasStation = random() > 0.03;
    const stationId = hasStation ? uuid() : null;
    if (stationId) stations.push({ id: stationId, name: `WebRTC - ${name}` });
    const extension = String(100_000 + i);
    users.push({
      id: uuid(),
      name,
      email: emailFor(name, emails),
      title: random() < 0.05 ? 'Team Lead' : 'Agent',
      department: pickOne(QUEUE_AREAS),
      phone: `+1317${String(5_000_000 + i).padStart(7, '0')}`,
      extension,
      presence,
      routingStatus,
      stationId,
      answerMode: random() < 0.01 ? 'noAnswer' : 'auto',
    });
  }
  const ids = users.map((user) => user.id);
  const queues: SeedData['queues'] = [];
  const queueNames = new Set<string>();
  while (queues.length < 200) {
    const name = `${pickOne(QUEUE_AREAS)} ${pickOne(QUEUE_REGIONS)}${queueNames.size >= 180 ? ` ${queues.length}` : ''}`;
    if (queueNames.has(name)) continue;
    queueNames.add(name);
    // Queue sizes vary like real ones: many small queues, a few with several hundred agents.
    const size = Math.min(ids.length, Math.round(20 + random() ** 3 * 600));
    const start = Math.floor(random() * ids.length);
    const memberIds: string[] = [];
    for (let k = 0; k < size; k++) {
      const id = ids[(start + k * 7) % ids.length];
      if (id) memberIds.push(id);
    }
    queues.push({ id: uuid(), name, description: `${name} calls`, memberIds: [...new Set(memberIds)] });
  }
  const groups: SeedData['groups'] = [];
  const teamSize = 100;
  for (let g = 0; g * teamSize < ids.length; g++) {
    groups.push({ id: uuid(), name: `Team ${String(g + 1).padStart(3, '0')}`, description: 'Agent team', memberIds: ids.slice(g * teamSize, (g + 1) * teamSize) });
  }
  return parseSeed({ organization: { id: uuid(), name: 'Large Demo Org' }, users, stations, queues, groups }, 'large seed');
}
