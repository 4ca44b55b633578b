/**
 * The compliance record of calls placed on someone's behalf: append-only JSON lines in
 * `<dir>/audit.jsonl`, rotated by size to `audit.1.jsonl` (newest) … `audit.<maxFiles>.jsonl`
 * (oldest; `maxFiles` rotated files are kept besides the active one).
 *
 * Numbers are stored in full: this is the local record a compliance team asks for, not a log.
 * Tokens and secrets cannot get in: entries are validated and unknown fields are dropped.
 * Appends run one at a time in call order and are fsynced, so a crash loses at most the line
 * being written; a torn last line is skipped on export and never glued to the next entry.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ExportedFile } from '../../shared/domain';
import { AppError } from '../../shared/result';
import type { Logger } from '../logging/logger';
import { createSerialQueue } from '../fs/serial';

export interface AuditEntry {
  at: number;
  event: 'call.placed' | 'call.ended' | 'call.failed';
  connectionId: string;
  connectionName: string;
  principal: string;
  agentId?: string;
  agentName?: string;
  e164: string;
  conversationId?: string;
  outcome?: string;
  detail?: string;
}

export interface AuditTrail {
  record(entry: AuditEntry): Promise<void>;
  /** Every kept entry, oldest first, as one JSON-lines file. */
  export(): Promise<ExportedFile>;
}

export const DEFAULT_AUDIT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_AUDIT_MAX_FILES = 5;

const text = (max: number) => z.string().max(max);
const auditEntrySchema = z.object({
  at: z.number().finite().nonnegative(),
  event: z.enum(['call.placed', 'call.ended', 'call.failed']),
  connectionId: text(200).min(1),
  connectionName: text(500),
  principal: text(500).min(1),
  agentId: text(200).optional(),
  agentName: text(500).optional(),
  e164: z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number'),
  conversationId: text(200).optional(),
  outcome: text(100).optional(),
  detail: text(2000).optional(),
}) satisfies z.ZodType<AuditEntry, unknown>;

export function createAuditTrail(deps: { dir: string; maxBytes?: number; maxFiles?: number; log: Logger }): AuditTrail {
  const maxBytes = deps.maxBytes ?? DEFAULT_AUDIT_MAX_BYTES;
  const maxFiles = deps.maxFiles ?? DEFAULT_AUDIT_MAX_FILES;
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new RangeError(`audit maxBytes must be a positive integer, got ${maxBytes}`);
  if (!Number.isInteger(maxFiles) || maxFiles < 1) throw new RangeError(`audit maxFiles must be a positive integer, got ${maxFiles}`);
  const log = deps.log.child('audit');
  const enqueue = createSerialQueue();
  const active = path.join(deps.dir, 'audit.jsonl');
  const rotated = (n: number) => path.join(deps.dir, `audit.${n}.jsonl`);

  /** Size of the active file and whether it ends mid-line; read from disk when unknown. */
  let state: { size: number; tornTail: boolean } | null = null;

  async function currentState(): Promise<{ size: number; tornTail: boolean }> {
    if (state) return state;
    await fs.mkdir(deps.dir, { recursive: true });
    let handle;
    try {
      handle = await fs.open(active, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return (state = { size: 0, tornTail: false });
    }
    try {
      const { size } = await handle.stat();
      if (size === 0) return (state = { size, tornTail: false });
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      return (state = { size, tornTail: last[0] !== 0x0a });
    } finally {
      await handle.close();
    }
  }

  async function rotate(): Promise<void> {
    const dropped = await fs.rm(rotated(maxFiles)).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    for (let n = maxFiles - 1; n >= 1; n--) {
      await fs.rename(rotated(n), rotated(n + 1)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await fs.rename(active, rotated(1));
    state = { size: 0, tornTail: false };
    if (dropped) log.warn('audit trail full: oldest file deleted', { keptFiles: maxFiles, maxBytes });
    else log.info('audit trail rotated');
  }

  async function append(line: string): Promise<void> {
    const bytes = Buffer.byteLength(line);
    let current = await currentState();
    if (current.size > 0 && current.size + bytes > maxBytes) {
      await rotate();
      current = await currentState();
    }
    // After a crash mid-append the file ends inside a line; start a fresh one instead of extending it.
    const data = current.tornTail ? `\n${line}` : line;
    const handle = await fs.open(active, 'a', 0o600);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    state = { size: current.size + Buffer.byteLength(data), tornTail: false };
  }

  async function readLines(file: string): Promise<string[]> {
    try {
      return (await fs.readFile(file, 'utf8')).split('\n');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  return {
    async record(entry) {
      const parsed = auditEntrySchema.safeParse(entry);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
        throw new AppError('invalidAuditEntry', `Audit entry not recorded: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}.`, issues);
      }
      const line = `${JSON.stringify(parsed.data)}\n`;
      await enqueue(async () => {
        try {
          await append(line);
        } catch (error) {
          // What is on disk is unknown now; look again before the next append.
          state = null;
          const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
          log.error('audit entry not recorded', { code, event: parsed.data.event });
          throw new AppError('auditNotRecorded', `The call could not be written to the audit trail (${code}). Check that the app's data folder is writable.`);
        }
      });
    },

    export() {
      return enqueue(async () => {
        const files = [...Array.from({ length: maxFiles }, (_, i) => rotated(maxFiles - i)), active];
        const kept: string[] = [];
        let skipped = 0;
        for (const file of files) {
          for (const line of await readLines(file)) {
            if (line.trim() === '') continue;
            if (isJsonObject(line)) kept.push(line);
            else skipped++;
          }
        }
        if (skipped > 0) log.warn('audit export skipped unreadable lines', { skipped });
        return {
          fileName: `audit-trail-${new Date().toISOString().slice(0, 10)}.jsonl`,
          mimeType: 'application/x-ndjson',
          content: kept.map((line) => `${line}\n`).join(''),
        };
      });
    },
  };
}

function isJsonObject(line: string): boolean {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
