import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import {
  HEAD_BYTES, LineSplitter, QueueLogStream, classifyChange, decideResume, readCheckpoint,
  type FileCheckpoint, type FileIdentity, type SplitLine,
} from '@hotline/events';
import { pause, writeWithRetry, type IntakeLogger, type StreamSink } from './sink';

/** Options of {@link FileFollower}. */
export interface FileFollowerOptions {
  /** The followed file, e.g. /var/log/asterisk/queue_log. */
  path: string;
  /** Source name: the checkpoint key `<prefix>intake:checkpoint:<source>` and the events' `source`. */
  source: string;
  sink: StreamSink;
  log: IntakeLogger;
  /** How often the file is looked at when nothing woke the follower (ms; a directory watch wakes it sooner). Default 500. */
  pollMs?: number;
  /** Without a checkpoint: read the file from its beginning (`start`, default) or only what is appended from now (`end`). */
  startAt?: 'start' | 'end';
  /** When the file does not exist yet: wait for it (service) instead of failing (default false). */
  waitForFile?: boolean;
  /** Lines per Redis transaction (events + checkpoint). Default 500. */
  batchLines?: number;
}

/** The file being read: its handle, identity and the line splitter positioned in it. */
interface OpenFile {
  path: string;
  fh: FileHandle;
  identity: FileIdentity;
  splitter: LineSplitter;
}

/** The follower was stopped (signal) while a write was being retried: nothing more is written. */
class Stopped extends Error {}

/** Counters of a follower since it started. */
export interface FollowerStats {
  lines: number;
  events: number;
  deadLetters: number;
  rotations: number;
  truncations: number;
}

/** SHA-256 hex of the first `length` bytes of a file; undefined when the file is shorter. */
async function headHash(fh: FileHandle, length: number): Promise<string | undefined> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = length ? await fh.read(buffer, 0, length, 0) : { bytesRead: 0 };
  return bytesRead < length ? undefined : createHash('sha256').update(buffer).digest('hex');
}

async function statOrNull(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Follows a live Asterisk queue_log file into the Redis stream (`hotline follow FILE`, and the API's followers).
 *
 * - Reads what is appended; a partial last line waits for its newline.
 * - Rotation by rename (a new file appears at the path): the old file is read to its end (its unfinished last line,
 *   if any, taken as complete), then the new one from 0. Rotated while the follower was stopped: the old file is
 *   looked for next to the path by device and inode (queue_log.1, queue_log-20261207 ...) and finished first.
 * - copytruncate (the file shrinks below what was read, or its first bytes change): reading starts again at 0. Lines
 *   written between logrotate's copy and its truncation are in the copy only: prefer rotation by rename (Asterisk's
 *   `logger rotate`, or logrotate with `postrotate asterisk -rx 'logger reload'`).
 * - Restart: the checkpoint (file identity = device + inode + hash of the first bytes, byte offset, line count and
 *   the incremental parser's state) is written in the same Redis transaction as the events up to that offset, so a
 *   restart (even after SIGKILL) neither skips nor repeats events.
 * - Redis errors are retried with back-off (the batch is written again whole, or not at all).
 */
export class FileFollower {
  readonly stats: FollowerStats = { lines: 0, events: 0, deadLetters: 0, rotations: 0, truncations: 0 };
  private readonly path: string;
  private readonly pollMs: number;
  private readonly batchLines: number;
  private stream!: QueueLogStream;
  private listeners = new Set<() => void>();
  private watcher: FSWatcher | undefined;

  constructor(private readonly options: FileFollowerOptions) {
    this.path = resolve(options.path);
    this.pollMs = options.pollMs ?? 500;
    this.batchLines = options.batchLines ?? 500;
  }

  /**
   * Follows until `signal` aborts. @returns when stopped.
   * @throws Error when the stored checkpoint is unreadable, or the file is missing and `waitForFile` is false.
   */
  async run(signal: AbortSignal): Promise<void> {
    const { sink, source, log } = this.options;
    const stored = readCheckpoint(await sink.loadCheckpoint(source), 'file');
    // Dead letters name the file by its base name only: never a server path.
    this.stream = new QueueLogStream('file', { file: basename(this.path), source }, stored ? { context: stored.context } : undefined);
    this.startWatching();
    let file: OpenFile | undefined;
    try {
      file = await this.openAtPath(signal, this.options.waitForFile ?? false);
      if (!file) return;
      const st = await file.fh.stat();
      const decision = decideResume(stored, { dev: st.dev, ino: st.ino, size: st.size, headHashAtRecordedLength: stored ? await headHash(file.fh, stored.identity.headLength) : undefined });
      if (decision.action === 'resume') {
        file.splitter = new LineSplitter(decision.offset, decision.line);
        log.info(`${source}: following ${this.path} from byte ${decision.offset} (line ${decision.line + 1})`);
      } else if (decision.action === 'rotated') {
        await this.finishRotatedWhileStopped(stored!, signal);
        log.info(`${source}: following ${this.path} from its beginning (a new file since the checkpoint)`);
      } else if (decision.reason === 'no-checkpoint' && this.options.startAt === 'end') {
        const { offset, lines } = await this.endOfCompleteLines(file.fh, st.size);
        file.splitter = new LineSplitter(offset, lines);
        log.info(`${source}: following ${this.path} from its end (byte ${offset}, line ${lines + 1}): earlier lines are not read`);
      } else {
        if (decision.reason !== 'no-checkpoint') log.warn(`${source}: ${this.path} was ${decision.reason === 'truncated' ? 'truncated' : 'replaced by other content'} since the checkpoint (copytruncate while stopped): reading it again from its beginning`);
        else log.info(`${source}: following ${this.path} from its beginning (no checkpoint)`);
      }
      await this.follow(file, signal);
    } catch (error) {
      if (!(error instanceof Stopped)) throw error;
    } finally {
      this.watcher?.close();
      await file?.fh.close().catch(() => undefined);
    }
  }

  private async follow(file: OpenFile, signal: AbortSignal): Promise<void> {
    const { log, source } = this.options;
    let rotationSeen = false;
    const truncated = async () => {
      this.stats.truncations++;
      log.warn(`${source}: ${this.path} was truncated (copytruncate): reading it again from its beginning`);
      file.splitter = new LineSplitter(0, 0);
      file.identity = await this.identityOf(file.fh, 0);
      await this.commitLines(file, []);
    };
    while (!signal.aborted) {
      // Before reading: a file truncated and already written again must not be read from the old offset.
      const before = await this.look(file);
      if (before === 'truncated') await truncated();
      await this.readAvailable(file, signal);
      const readTo = file.splitter.committedOffset + file.splitter.pendingBytes;
      const size = (await file.fh.stat()).size;
      const change = await this.look(file);
      if (change === 'grown') continue;
      if (change === 'truncated') {
        await truncated();
        continue;
      }
      if (change === 'rotated') {
        if (size > readTo) continue; // the writer still appends to the old file: read that first
        if (!rotationSeen) {
          // Give the writer one more interval to finish with the old file (Asterisk reopens on `logger reload`).
          rotationSeen = true;
          await pause(this.pollMs, signal);
          continue;
        }
        rotationSeen = false;
        await this.commitLines(file, file.splitter.flush());
        const next = await this.openAtPath(signal, true);
        if (!next) return;
        await file.fh.close();
        Object.assign(file, next);
        this.stats.rotations++;
        log.info(`${source}: ${this.path} was rotated: the old file is read to its end, the new one is followed from its beginning`);
        await this.commitLines(file, []);
        continue;
      }
      await pause(this.pollMs, signal, { on: (l) => (this.listeners.add(l), () => this.listeners.delete(l)) });
    }
  }

  /** What changed at the path and in the open file since it was read (see classifyChange). */
  private async look(file: OpenFile) {
    const readTo = file.splitter.committedOffset + file.splitter.pendingBytes;
    const atPath = await statOrNull(this.path);
    const size = (await file.fh.stat()).size;
    return classifyChange({ identity: file.identity, readTo }, atPath && { dev: atPath.dev, ino: atPath.ino }, size, await headHash(file.fh, file.identity.headLength));
  }

  /** Reads the open file to its current end, writing the complete lines' events with their checkpoints. */
  private async readAvailable(file: OpenFile, signal: AbortSignal): Promise<void> {
    const buffer = Buffer.alloc(256 * 1024);
    while (!signal.aborted) {
      const position = file.splitter.committedOffset + file.splitter.pendingBytes;
      const { bytesRead } = await file.fh.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return;
      // Truncated (copytruncate) and written again between the last look and this read: these bytes are not the
      // continuation of what was read. Dropped; the follower's next look starts the file again at 0.
      if (file.identity.headLength > 0 && (await headHash(file.fh, file.identity.headLength)) !== file.identity.headHash) return;
      const lines = file.splitter.push(buffer.subarray(0, bytesRead));
      for (let i = 0; i < lines.length; i += this.batchLines) await this.commitLines(file, lines.slice(i, i + this.batchLines));
    }
  }

  /** Parses lines and writes their events, dead letters and the checkpoint after the last one in one transaction. */
  private async commitLines(file: OpenFile, lines: SplitLine[]): Promise<void> {
    const { sink, source, log } = this.options;
    const result = lines.length ? this.stream.push(lines.map((l) => ({ text: l.text, ref: l.line }))) : { events: [], deadLetters: [], skipped: {} };
    const last = lines.at(-1);
    const offset = last ? last.end : file.splitter.committedOffset;
    if (file.identity.headLength < Math.min(offset, HEAD_BYTES)) file.identity = await this.identityOf(file.fh, Math.min(offset, HEAD_BYTES));
    const checkpoint: FileCheckpoint = {
      kind: 'file', path: file.path, identity: file.identity, offset, line: last ? last.line : file.splitter.lineCount,
      context: this.stream.state().context, at: new Date().toISOString(),
    };
    const signal = this.stopSignal;
    const ok = await writeWithRetry(
      () => sink.commit(source, result, checkpoint, { kind: 'file', target: this.path }),
      signal, log, `${source}: writing ${result.events.length} event(s) up to line ${checkpoint.line}`,
      (message) => void sink.reportError(source, message),
    );
    if (!ok) throw new Stopped();
    this.stats.lines += lines.length;
    this.stats.events += result.events.length;
    this.stats.deadLetters += result.deadLetters.length;
    if (result.deadLetters.length) log.warn(`${source}: ${result.deadLetters.length} line(s) not understood, sent to ${sink.prefix}dead-letters: ${result.deadLetters.slice(0, 3).map((d) => `line ${d.line}: ${d.reason}`).join('; ')}`);
  }

  /** The signal of the current run (set by {@link run} through {@link openAtPath}). */
  private stopSignal: AbortSignal = new AbortController().signal;

  /** Opens the file at the path; waits for it when allowed. @returns undefined when stopped while waiting. */
  private async openAtPath(signal: AbortSignal, mayWait: boolean): Promise<OpenFile | undefined> {
    this.stopSignal = signal;
    let warned = false;
    while (!signal.aborted) {
      try {
        const fh = await open(this.path, 'r');
        return { path: this.path, fh, identity: await this.identityOf(fh, 0), splitter: new LineSplitter(0, 0) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        if (!mayWait) throw new Error(`${this.path}: no such file (pass the path of the queue_log, e.g. /var/log/asterisk/queue_log)`);
        if (!warned) this.options.log.warn(`${this.options.source}: waiting for ${this.path} to appear`);
        warned = true;
        await pause(this.pollMs, signal, { on: (l) => (this.listeners.add(l), () => this.listeners.delete(l)) });
      }
    }
    return undefined;
  }

  private async identityOf(fh: FileHandle, headLength: number): Promise<FileIdentity> {
    const st = await fh.stat();
    const length = Math.min(headLength, st.size);
    return { dev: st.dev, ino: st.ino, headLength: length, headHash: (await headHash(fh, length))! };
  }

  /** Offset after the last newline of the first `size` bytes and the number of lines before it. */
  private async endOfCompleteLines(fh: FileHandle, size: number): Promise<{ offset: number; lines: number }> {
    const buffer = Buffer.alloc(1 << 20);
    let offset = 0;
    let lines = 0;
    for (let position = 0; position < size; ) {
      const { bytesRead } = await fh.read(buffer, 0, Math.min(buffer.length, size - position), position);
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i++) {
        if (buffer[i] === 0x0a) {
          lines++;
          offset = position + i + 1;
        }
      }
      position += bytesRead;
    }
    return { offset, lines };
  }

  /** The checkpoint's file was renamed away while stopped: finish it from the checkpoint's offset if it is found. */
  private async finishRotatedWhileStopped(stored: FileCheckpoint, signal: AbortSignal): Promise<void> {
    const { log, source } = this.options;
    const dir = dirname(this.path);
    let found: string | undefined;
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const candidate = join(dir, name);
      if (candidate === this.path) continue;
      const st = await statOrNull(candidate).catch(() => null);
      if (!st?.isFile() || st.dev !== stored.identity.dev || st.ino !== stored.identity.ino) continue;
      found = candidate;
      break;
    }
    if (!found) {
      log.warn(`${source}: ${this.path} was rotated while the follower was stopped and the old file (inode ${stored.identity.ino}) is not in ${dir}: lines appended to it after byte ${stored.offset} are not read`);
      return;
    }
    const fh = await open(found, 'r');
    try {
      const st = await fh.stat();
      if (st.size < stored.offset || (await headHash(fh, stored.identity.headLength)) !== stored.identity.headHash) {
        log.warn(`${source}: the rotated file ${basename(found)} no longer holds what was read (truncated or rewritten): not finished`);
        return;
      }
      log.info(`${source}: ${this.path} was rotated while the follower was stopped: finishing ${found} from byte ${stored.offset}`);
      const old: OpenFile = { path: found, fh, identity: stored.identity, splitter: new LineSplitter(stored.offset, stored.line) };
      await this.readAvailable(old, signal);
      if (signal.aborted) throw new Stopped();
      await this.commitLines(old, old.splitter.flush());
      this.stats.rotations++;
    } finally {
      await fh.close();
    }
  }

  /** Wakes the follower when something changes in the file's directory (polling still runs: watches can miss). */
  private startWatching(): void {
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, () => {
        for (const l of [...this.listeners]) l();
      });
      this.watcher.on('error', () => this.watcher?.close());
    } catch {
      this.watcher = undefined; // polling only
    }
  }
}
