/**
 * The queue_log adapter made incremental, for a follower that reads a live file or a realtime table a few lines at
 * a time (pure: lines in, events out, no I/O).
 *
 * {@link parseQueueLog} reads a whole file: its call state machine (transfer lines written under a consultation's
 * uniqueid, bridge merges; see queue-log.ts) needs the earlier lines of the calls involved. {@link QueueLogStream}
 * keeps those lines as a bounded *context* (the call lines of the last {@link CONTEXT_MAX_CALLS} calls, at most
 * {@link CONTEXT_MAX_LINES}; by source order, not by time, as merged logs are not in time order) and parses each new batch together with it, emitting only what the new lines add:
 * - events whose id the context alone already produced are dropped (they were emitted with an earlier batch, or
 *   the new line repeats a fact: the same de-duplication as the whole-file parse);
 * - dead letters and skipped counts are those of the new lines only; dead letters name the line's own number (file)
 *   or row id (table).
 * The context is part of {@link QueueLogStreamState}, which a follower saves in its checkpoint, so a restarted
 * follower continues with the same state and emits exactly what an uninterrupted one would.
 *
 * Limit (inherent to reading live): when an attended transfer reveals, after the fact, that an earlier call was a
 * consultation, that call's events were already emitted; the whole-file parse skips them. The transfer line itself
 * is given to the caller's call as in the whole-file parse.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { AdapterResult, CallEvent, DeadLetter } from './events';
import { FeedInputError, assertFeedText } from './input-check';
import { fnv1a, parseQueueLog, type QueueLogOptions } from './queue-log';

/** One row of a followed source: a line of the flat file, or a realtime-table row as CSV in {@link TABLE_COLUMNS} order. */
export interface StreamEntry {
  /** The line (flat file) or the row as one CSV record (table). */
  text: string;
  /** The line number in the file (flat file) or the row's id (table): what dead letters name. */
  ref: number;
}

/** Layout of the followed source. */
export type QueueLogLayout = 'file' | 'table';

/** Columns of a realtime-table row as {@link StreamEntry.text} holds it (adaptive realtime layout plus `id`). */
export const TABLE_COLUMNS = ['id', 'time', 'callid', 'queuename', 'agent', 'event', 'data1', 'data2', 'data3', 'data4', 'data5'] as const;

/** Serializable state of a {@link QueueLogStream} (saved with a follower's checkpoint). */
export interface QueueLogStreamState {
  context: StreamEntry[];
}

/** The call lines of this many most recent calls (by their last line in source order) are kept in the context. */
export const CONTEXT_MAX_CALLS = 500;
/** At most this many lines are kept in the context (the newest). */
export const CONTEXT_MAX_LINES = 3000;

/** Events the call state machine reads across lines; other lines (ring attempts, member events) are never context. */
const CONTEXT_EVENTS = new Set([
  'ENTERQUEUE', 'DID', 'FULL', 'CLOSED', 'JOINEMPTY', 'DIVERT_CA_RATIO', 'DIVERT_HOLDTIME', 'CONNECT',
  'COMPLETECALLER', 'COMPLETEAGENT', 'TRANSFER', 'BLINDTRANSFER', 'ATTENDEDTRANSFER',
]);
const NO_CALL = new Set(['NONE', 'REALTIME', 'MANAGER', 'CLI', '']);

/**
 * Formats one realtime-table row as a CSV record in {@link TABLE_COLUMNS} order (values quoted when needed; a
 * newline inside a value becomes a space, as no queue_log value can hold one).
 */
export function tableRowToCsv(row: Partial<Record<(typeof TABLE_COLUMNS)[number], string | number | null>>): string {
  return TABLE_COLUMNS.map((c) => {
    const value = String(row[c] ?? '').replace(/[\r\n]+/g, ' ');
    return /[",]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  }).join(',');
}

/** Incremental queue_log parser; see the module header. */
export class QueueLogStream {
  private context: StreamEntry[];

  /**
   * @param layout `file` (pipe-separated lines) or `table` (entries made by {@link tableRowToCsv})
   * @param options as {@link parseQueueLog} (source, file name for dead letters, the table's time zone)
   * @param state a saved {@link QueueLogStreamState} to continue from
   */
  constructor(
    private readonly layout: QueueLogLayout,
    private readonly options: QueueLogOptions = {},
    state?: QueueLogStreamState,
  ) {
    this.context = state ? [...state.context] : [];
  }

  /** The state to save with a checkpoint taken after the last {@link push}. */
  state(): QueueLogStreamState {
    return { context: [...this.context] };
  }

  /**
   * Parses the next entries (in source order). @returns the events, dead letters and skipped counts these entries
   * add. Never throws for bad content: a line that is not text (NUL, binary) is a dead letter like any bad line.
   */
  push(entries: StreamEntry[]): AdapterResult {
    const source = this.options.source ?? 'queue_log';
    const deadLetters: DeadLetter[] = [];
    const fresh: StreamEntry[] = [];
    for (const entry of entries) {
      try {
        assertFeedText(entry.text, this.options.file);
        fresh.push(entry);
      } catch (error) {
        if (!(error instanceof FeedInputError)) throw error;
        const raw = entry.text.replace(/\u0000/g, '\\0');
        deadLetters.push({ key: `${source}:${this.options.file ?? '-'}:${entry.ref}:${fnv1a(raw)}`, source, file: this.options.file, line: entry.ref, reason: `line ${entry.ref}: not text (${error.issue.detail})`, raw });
      }
    }
    const before = this.context.length ? this.parse(this.context) : undefined;
    const known = new Set(before?.events.map((e) => e.eventId));
    const all = [...this.context, ...fresh];
    const result = fresh.length ? this.parse(all) : { events: [], deadLetters: [], skipped: {} };
    const events: CallEvent[] = result.events.filter((e) => !known.has(e.eventId));
    const headerLines = this.layout === 'table' ? 1 : 0;
    for (const d of result.deadLetters) {
      const index = (d.line ?? 0) - 1 - headerLines;
      if (index < this.context.length) continue; // a context line: reported with its own batch
      const entry = all[index];
      const ref = entry?.ref ?? d.line;
      deadLetters.push({ ...d, line: ref, key: `${source}:${this.options.file ?? '-'}:${ref}:${fnv1a(d.raw)}` });
    }
    const skipped: Record<string, number> = {};
    for (const [k, n] of Object.entries(result.skipped)) {
      const delta = n - (before?.skipped[k] ?? 0);
      if (delta > 0) skipped[k] = delta;
    }
    // Same-id events the context already produced are repeats of a fact (skipped as duplicates by the whole parse).
    this.context = this.retain(all);
    return { events, deadLetters, skipped };
  }

  private parse(entries: StreamEntry[]): AdapterResult {
    const body = entries.map((e) => e.text).join('\n');
    const text = this.layout === 'table' ? `${TABLE_COLUMNS.join(',')}\n${body}\n` : `${body}\n`;
    return parseQueueLog(text, this.options);
  }

  /** The lines kept for the next batch: call lines of the last {@link CONTEXT_MAX_CALLS} calls seen (in source order), bounded. */
  private retain(entries: StreamEntry[]): StreamEntry[] {
    const rows = entries.map((e) => ({ entry: e, ...this.meta(e) })).filter((r) => r.callid !== undefined && !NO_CALL.has(r.callid) && CONTEXT_EVENTS.has(r.event));
    const recent = new Set<string>();
    for (let i = rows.length - 1; i >= 0 && recent.size < CONTEXT_MAX_CALLS; i--) recent.add(rows[i].callid!);
    return rows.filter((r) => recent.has(r.callid!)).map((r) => r.entry).slice(-CONTEXT_MAX_LINES);
  }

  /** Call id and event name of an entry. */
  private meta(entry: StreamEntry): { callid?: string; event: string } {
    if (this.layout === 'file') {
      const f = entry.text.split('|');
      return { callid: f[1], event: (f[4] ?? '').toUpperCase() };
    }
    let f: string[];
    try {
      f = (parseCsv(entry.text, { relax_column_count: true, relax_quotes: true }) as string[][])[0] ?? [];
    } catch {
      return { event: '' };
    }
    return { callid: (f[2] ?? '').trim(), event: (f[5] ?? '').trim().toUpperCase() };
  }
}
