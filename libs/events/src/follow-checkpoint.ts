/**
 * Checkpoints of a followed queue_log (file or realtime table) and the decisions taken from them (pure: the
 * follower in apps/intake does the I/O and passes what it saw).
 *
 * A file is identified by its device and inode plus a hash of its first bytes: the inode alone is not enough
 * (copytruncate keeps it while the content starts over; a deleted file's inode can be reused). The checkpoint says
 * how far the events are safely on the stream (byte offset just after a complete line, line count) and carries the
 * incremental parser's state, so that a restart neither skips nor repeats an event.
 */
import { z } from 'zod';

/** Bytes hashed to recognise a file's content (its first bytes, at most this many). */
export const HEAD_BYTES = 1024;

const Entry = z.object({ text: z.string(), ref: z.number() });

/** Identity of a followed file. */
export const FileIdentitySchema = z.object({
  dev: z.number(),
  ino: z.number(),
  /** How many of the first bytes `headHash` covers (min(file size, HEAD_BYTES) when taken). */
  headLength: z.number().int().nonnegative(),
  /** SHA-256 hex of those bytes. */
  headHash: z.string(),
});
export type FileIdentity = z.infer<typeof FileIdentitySchema>;

/** Checkpoint of a followed file, stored as JSON under `<prefix>intake:checkpoint:<source>`. */
export const FileCheckpointSchema = z.object({
  kind: z.literal('file'),
  path: z.string(),
  identity: FileIdentitySchema,
  /** Byte offset just after the last line whose events are on the stream. */
  offset: z.number().int().nonnegative(),
  /** Complete lines before `offset`. */
  line: z.number().int().nonnegative(),
  context: z.array(Entry),
  /** When it was written (ISO 8601). */
  at: z.string(),
});
export type FileCheckpoint = z.infer<typeof FileCheckpointSchema>;

/** Checkpoint of a followed realtime table: the last row id whose events are on the stream. */
export const TableCheckpointSchema = z.object({
  kind: z.literal('table'),
  table: z.string(),
  lastId: z.number().int(),
  context: z.array(Entry),
  at: z.string(),
});
export type TableCheckpoint = z.infer<typeof TableCheckpointSchema>;

/**
 * Reads a stored checkpoint. @returns the checkpoint, or null when there is none.
 * @throws Error naming the problem when the stored JSON is not a checkpoint of this kind (never silently restarts).
 */
export function readCheckpoint<K extends 'file' | 'table'>(json: string | null, kind: K): (K extends 'file' ? FileCheckpoint : TableCheckpoint) | null {
  if (json === null) return null;
  const schema = kind === 'file' ? FileCheckpointSchema : TableCheckpointSchema;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('the stored checkpoint is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`the stored checkpoint is not a ${kind} checkpoint: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data as K extends 'file' ? FileCheckpoint : TableCheckpoint;
}

/** What the follower sees at the followed path. */
export interface FileObservation {
  dev: number;
  ino: number;
  size: number;
  /** SHA-256 hex of the first `headLength` bytes of the recorded identity (undefined when the file is shorter). */
  headHashAtRecordedLength?: string;
}

/** Where to start reading after a (re)start. */
export type ResumeDecision =
  | { action: 'resume'; offset: number; line: number }
  | { action: 'start'; reason: 'no-checkpoint' | 'truncated' | 'content-replaced' }
  /** The checkpoint's file is no longer at the path (renamed away while stopped): finish it where it now is, if found. */
  | { action: 'rotated' };

/**
 * Decides how a starting follower continues from its checkpoint.
 * - same device and inode, size ≥ offset and the same first bytes: resume at the offset;
 * - same inode but smaller than the offset: truncated (copytruncate): start again at 0;
 * - same inode but other first bytes: the content was replaced (copytruncate and regrown): start at 0;
 * - another file at the path: rotated by rename while stopped.
 */
export function decideResume(checkpoint: FileCheckpoint | null, current: FileObservation): ResumeDecision {
  if (!checkpoint) return { action: 'start', reason: 'no-checkpoint' };
  const id = checkpoint.identity;
  if (id.dev !== current.dev || id.ino !== current.ino) return { action: 'rotated' };
  if (current.size < checkpoint.offset) return { action: 'start', reason: 'truncated' };
  if (current.headHashAtRecordedLength !== id.headHash) return { action: 'start', reason: 'content-replaced' };
  return { action: 'resume', offset: checkpoint.offset, line: checkpoint.line };
}

/** What changed at the followed path since the last look, for a follower holding the file open. */
export type FileChange = 'none' | 'grown' | 'truncated' | 'rotated' | 'missing';

/**
 * Classifies the followed path's state while following.
 * @param open identity of the file being read, the offset read up to (including a held-back partial line)
 * @param atPath what is at the path now (null when nothing is: removed, the new file not created yet)
 * @param openSize current size of the open file (fstat)
 * @param headHashOpen hash of the first `open.identity.headLength` bytes of the open file now (undefined when shorter)
 */
export function classifyChange(
  open: { identity: FileIdentity; readTo: number },
  atPath: { dev: number; ino: number } | null,
  openSize: number,
  headHashOpen: string | undefined,
): FileChange {
  if (openSize < open.readTo) return 'truncated';
  if (open.identity.headLength > 0 && headHashOpen !== open.identity.headHash) return 'truncated';
  if (atPath && (atPath.dev !== open.identity.dev || atPath.ino !== open.identity.ino)) return 'rotated';
  if (openSize > open.readTo) return 'grown';
  return atPath ? 'none' : 'missing';
}
