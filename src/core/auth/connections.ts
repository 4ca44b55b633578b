/**
 * Saved org connections: non-secret metadata only (names, regions, client IDs, which sign-in
 * method), in `connections.json` in the data folder. Client secrets and tokens live in the
 * keychain; this file records only whether a secret is stored.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ConnectionSummary } from '../../shared/domain';
import { readJsonFile, writeFileAtomic } from '../fs/atomic';
import { createSerialQueue } from '../fs/serial';

const connectionSchema = z.object({
  id: z.string().min(1).regex(/^[^:]+$/),
  name: z.string().min(1),
  region: z.string().min(1),
  customHost: z.string().min(1).optional(),
  method: z.enum(['clientCredentials', 'pkce', 'demo']),
  clientId: z.string().min(1),
  hasSecret: z.boolean(),
  lastUsedAt: z.number().optional(),
});

const fileSchema = z.object({
  version: z.literal(1),
  /** The connection `start()` signs in to silently; cleared by signing out. */
  lastUsedId: z.string().optional(),
  connections: z.array(connectionSchema),
});

export type ConnectionsFile = z.infer<typeof fileSchema>;

export interface ConnectionsStore {
  load(): Promise<{ recoveredFrom?: string }>;
  list(): ConnectionSummary[];
  get(id: string): ConnectionSummary | undefined;
  lastUsedId(): string | undefined;
  upsert(connection: ConnectionSummary): Promise<void>;
  remove(id: string): Promise<void>;
  setLastUsed(id: string | undefined, at?: number): Promise<void>;
}

export function createConnectionsStore(deps: { file: string; now(): number }): ConnectionsStore {
  let state: ConnectionsFile = { version: 1, connections: [] };
  const serial = createSerialQueue();

  const save = (): Promise<void> =>
    serial(async () => {
      await fs.mkdir(path.dirname(deps.file), { recursive: true });
      await writeFileAtomic(deps.file, `${JSON.stringify(state, null, 2)}\n`);
    });

  const clean = (c: ConnectionSummary): ConnectionSummary => connectionSchema.parse(c);

  return {
    async load() {
      const read = await readJsonFile(deps.file, (raw) => fileSchema.parse(raw));
      if (read.status === 'ok') {
        state = read.value;
        return {};
      }
      state = { version: 1, connections: [] };
      if (read.status === 'missing') return {};
      // Keep the unreadable file for the user (it holds no secrets) and start with no connections.
      const aside = deps.file.replace(/\.json$/, '') + `.corrupt-${deps.now()}.json`;
      await fs.rename(deps.file, aside);
      return { recoveredFrom: path.basename(aside) };
    },
    list: () => state.connections.map((c) => ({ ...c })),
    get: (id) => {
      const found = state.connections.find((c) => c.id === id);
      return found && { ...found };
    },
    lastUsedId: () => state.lastUsedId,
    async upsert(connection) {
      const next = clean(connection);
      const index = state.connections.findIndex((c) => c.id === next.id);
      const connections = [...state.connections];
      if (index >= 0) connections[index] = next;
      else connections.push(next);
      state = { ...state, connections };
      await save();
    },
    async remove(id) {
      state = {
        ...state,
        connections: state.connections.filter((c) => c.id !== id),
        ...(state.lastUsedId === id ? { lastUsedId: undefined } : {}),
      };
      if (state.lastUsedId === undefined) delete state.lastUsedId;
      await save();
    },
    async setLastUsed(id, at) {
      const connections = state.connections.map((c) => (c.id === id && at !== undefined ? { ...c, lastUsedAt: at } : c));
      state = { ...state, connections };
      if (id === undefined) delete state.lastUsedId;
      else state.lastUsedId = id;
      await save();
    },
  };
}
