import type { Logger } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import {
  LISTENER_NAME, beginSnapshot, deleteChangesOlderThan, ledgerChangeChannel, quoteIdentifier, readChangesAfter, type FollowedChange, type PgSnapshot,
} from '../ledger/ledger-changes.js';
import type { LedgerPool } from '../prisma/ledger-pool.js';
import { CONNECT_TIMEOUT_MS } from '../prisma/prisma.service.js';

/** What the follower drives: the live KPI engine. */
export interface FollowTarget {
  /** Runs `work` after every earlier mutation of the target and before any later one. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Rebuilds the target's whole state from the ledger (called inside {@link exclusive}). @returns the snapshot it read. */
  rebuild(): Promise<PgSnapshot>;
  /** Applies committed changes, in commit order per call (called inside {@link exclusive}). */
  apply(changes: FollowedChange[]): Promise<void>;
}

/** Outbox rows older than the retention are deleted at most this often (by any node). */
const CLEANUP_MS = 30_000;
/** A lost LISTEN connection is retried after this. */
const RECONNECT_MS = 1000;

/**
 * Follows the ledger's change outbox (ledger-changes.ts) in one API node and applies every committed change to the
 * live KPI engine, whichever node wrote it, exactly once and in commit order per call.
 *
 * Each poll reads, in one REPEATABLE READ transaction, `pg_current_snapshot()` and the outbox rows of transactions
 * that the previous poll's snapshot did not see (`xid >= previous xmin`, then kept when not visible in it:
 * {@link visibleIn}), applies them in `seq` order (for one call, its advisory lock makes `seq` order the commit
 * order), and keeps the snapshot for the next poll. A transaction still in progress at a poll is invisible to it
 * and stays invisible in its snapshot, so the next poll that sees it committed applies it: nothing is passed over
 * whatever the order in which writers commit, which a position (`seq > last`) alone could not promise. Method: the
 * transactional outbox read by MVCC snapshots (PostgreSQL docs, "Transaction ID and Snapshot Information
 * Functions", pg_current_snapshot / pg_visible_in_snapshot).
 *
 * Polls run on a NOTIFY of the outbox's channel (a dedicated connection LISTENs; a lost connection is reconnected
 * after {@link RECONNECT_MS} and followed by a poll), on a fallback timer (HOTLINE_LEDGER_CHANGE_POLL_MS), and when
 * asked ({@link sync}); they never overlap, and requests during a poll share the one poll after it.
 *
 * Start and catch-up: the first poll rebuilds the engine from the ledger (in one snapshot, which becomes the
 * previous one). A node whose previous snapshot is older than half of HOTLINE_LEDGER_CHANGE_RETENTION_SECONDS (the
 * process was paused, or a poll kept failing) rebuilds too, since rows it has not read may have been deleted; so
 * does a node after a failed apply. Any node deletes rows older than the retention, every {@link CLEANUP_MS}.
 */
export class LedgerFollower {
  private readonly channel: string;
  private previous: { snapshot: PgSnapshot; takenAt: number } | undefined;
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private listener: pg.Client | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private lastCleanup = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly pool: LedgerPool,
    private readonly target: FollowTarget,
    private readonly logger: Logger,
  ) {
    this.channel = ledgerChangeChannel(config.HOTLINE_STREAM_PREFIX);
  }

  /** Rebuilds the engine from the ledger, then follows the outbox until {@link stop}. @throws what the rebuild throws. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.target.exclusive(() => this.rebuild());
    await this.listen(); // then a poll: what was committed since the rebuild's snapshot
    this.timer = setInterval(() => void this.sync(), this.config.HOTLINE_LEDGER_CHANGE_POLL_MS);
    this.timer.unref();
  }

  /** Stops following: no new poll, the LISTEN connection closed, the poll in flight awaited. */
  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.timer);
    clearTimeout(this.reconnect);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.next;
    await this.current;
  }

  /**
   * Resolves once a poll that started after this call has finished: every change committed before the call is then
   * applied (or the poll failed: logged, and the next poll rebuilds). Never rejects.
   */
  sync(): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.next) return this.next;
    if (this.current) {
      this.next = this.current.then(() => {
        this.next = null;
        return this.startPoll();
      });
      return this.next;
    }
    return this.startPoll();
  }

  private startPoll(): Promise<void> {
    const run = this.target.exclusive(() => this.poll()).catch((error: unknown) => {
      if (!this.running) return;
      this.previous = undefined; // state unknown: the next poll rebuilds
      this.logger.error(`ledger follower: a poll failed, the next one rebuilds (${(error as Error).message})`);
    });
    const tracked: Promise<void> = run.finally(() => {
      if (this.current === tracked) this.current = null;
    });
    this.current = tracked;
    return tracked;
  }

  private async rebuild(): Promise<void> {
    const snapshot = await this.target.rebuild();
    this.previous = { snapshot, takenAt: Date.now() };
  }

  private async poll(): Promise<void> {
    if (!this.running) return;
    const retentionMs = this.config.HOTLINE_LEDGER_CHANGE_RETENTION_SECONDS * 1000;
    if (!this.previous || Date.now() - this.previous.takenAt > retentionMs / 2) {
      if (this.previous) this.logger.warn('ledger follower: the last read of the change outbox is too old; rebuilding from the ledger');
      await this.rebuild();
      return;
    }
    const previous = this.previous.snapshot;
    const takenAt = Date.now();
    const { snapshot, changes } = await this.pool.transaction(async (db) => {
      const snapshot = await beginSnapshot(db);
      return { snapshot, changes: await readChangesAfter(db, previous) };
    });
    this.previous = { snapshot, takenAt };
    if (changes.length) await this.target.apply(changes);
    if (takenAt - this.lastCleanup > CLEANUP_MS) {
      this.lastCleanup = takenAt;
      await this.pool.transaction((db) => deleteChangesOlderThan(db, this.config.HOTLINE_LEDGER_CHANGE_RETENTION_SECONDS));
    }
  }

  /** Opens the LISTEN connection (a dedicated client); a failure or a loss is retried after {@link RECONNECT_MS}. */
  private async listen(): Promise<void> {
    if (!this.running) return;
    const client = new pg.Client({ connectionString: this.config.DATABASE_URL, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, keepAlive: true, application_name: LISTENER_NAME });
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.running) return;
      this.logger.warn(`ledger follower: the LISTEN connection was lost${error ? ` (${error.message})` : ''}; reconnecting`);
      this.scheduleListen();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', () => void this.sync());
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(this.channel)}`);
    } catch (error) {
      lost(error as Error);
      return;
    }
    void this.sync(); // what was committed while not listening
  }

  private scheduleListen(): void {
    clearTimeout(this.reconnect);
    this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
    this.reconnect.unref();
  }
}
