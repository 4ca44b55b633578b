/**
 * The directory from the last session, so a big org's list is on screen at once while the
 * fresh one loads. One file, one entry per connection. Presence is left out on purpose:
 * hours-old presence shown as current would mislead a supervisor (and the dialer's warnings).
 */
import { z } from 'zod';
import type { Agent, GroupSummary, QueueSummary } from '../../shared/domain';
import { readJsonFile, writeFileAtomic } from '../fs/atomic';
import { UNKNOWN_PRESENCE } from './presence';

export const DIRECTORY_CACHE_SCHEMA_VERSION = 1;
/** A few orgs at most: each 10,000-agent entry is ~1.5 MB of JSON. */
export const MAX_CACHED_CONNECTIONS = 3;

const cachedAgent = z.object({
  id: z.string().min(1),
  name: z.string(),
  email: z.string().optional(),
  extension: z.string().optional(),
  title: z.string().optional(),
  department: z.string().optional(),
  hasStation: z.boolean(),
});
const summary = z.object({ id: z.string().min(1), name: z.string(), memberCount: z.number().int().nonnegative() });
const cachedDirectory = z.object({
  savedAt: z.number(),
  agents: z.array(cachedAgent),
  queues: z.array(summary),
  groups: z.array(summary),
});
const cacheFileSchema = z.object({
  schemaVersion: z.literal(DIRECTORY_CACHE_SCHEMA_VERSION),
  connections: z.record(z.string(), cachedDirectory),
});

type CacheFile = z.infer<typeof cacheFileSchema>;
type CachedAgent = z.infer<typeof cachedAgent>;

export interface CachedDirectory {
  savedAt: number;
  agents: Agent[];
  queues: QueueSummary[];
  groups: GroupSummary[];
}

export type CacheRead = { status: 'ok'; directory: CachedDirectory } | { status: 'missing' } | { status: 'corrupt'; error: string };

/** A file written by another schema version is not corrupt, just not ours: it counts as empty. */
function parseCacheFile(raw: unknown): CacheFile | null {
  if (typeof raw === 'object' && raw !== null && (raw as { schemaVersion?: unknown }).schemaVersion !== DIRECTORY_CACHE_SCHEMA_VERSION) return null;
  return cacheFileSchema.parse(raw);
}

export function createDirectoryCache(file: string): {
  read(connectionId: string): Promise<CacheRead>;
  write(connectionId: string, directory: CachedDirectory): Promise<void>;
} {
  // Writes are chained so two refreshes finishing together cannot interleave read-modify-write.
  let writing: Promise<void> = Promise.resolve();

  const readAll = async (): Promise<{ status: 'ok'; value: CacheFile | null } | { status: 'missing' } | { status: 'corrupt'; error: string }> =>
    readJsonFile(file, parseCacheFile);

  return {
    async read(connectionId) {
      const result = await readAll();
      if (result.status !== 'ok') return result;
      const entry = result.value?.connections[connectionId];
      if (!entry) return { status: 'missing' };
      return {
        status: 'ok',
        directory: { savedAt: entry.savedAt, agents: entry.agents.map((agent) => ({ ...agent, ...UNKNOWN_PRESENCE })), queues: entry.queues, groups: entry.groups },
      };
    },
    write(connectionId, directory) {
      const run = async (): Promise<void> => {
        const current = await readAll().catch(() => ({ status: 'missing' as const }));
        const connections = current.status === 'ok' && current.value ? { ...current.value.connections } : {};
        connections[connectionId] = {
          savedAt: directory.savedAt,
          agents: directory.agents.map(stripPresence),
          queues: directory.queues,
          groups: directory.groups,
        };
        const kept = Object.entries(connections)
          .sort(([, a], [, b]) => b.savedAt - a.savedAt)
          .slice(0, MAX_CACHED_CONNECTIONS);
        const next: CacheFile = { schemaVersion: DIRECTORY_CACHE_SCHEMA_VERSION, connections: Object.fromEntries(kept) };
        await writeFileAtomic(file, JSON.stringify(next));
      };
      writing = writing.then(run, run);
      return writing;
    },
  };
}

function stripPresence(agent: Agent): CachedAgent {
  const cached: CachedAgent = { id: agent.id, name: agent.name, hasStation: agent.hasStation };
  if (agent.email !== undefined) cached.email = agent.email;
  if (agent.extension !== undefined) cached.extension = agent.extension;
  if (agent.title !== undefined) cached.title = agent.title;
  if (agent.department !== undefined) cached.department = agent.department;
  return cached;
}
