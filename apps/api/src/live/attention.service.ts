import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { AlertAck, FloorAlert, FloorAttention } from '@hotline/contracts';
import { dayKey } from '@hotline/events';
import { evaluateAttention, type WatchedSource } from '@hotline/kpi';
import { auditNote } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/current-user.js';
import { DomainError } from '../common/domain-error.js';
import { IntakeStatsService } from '../intake/intake-stats.service.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { FloorRosterReader, type PublishedShifts } from './floor-roster.js';
import { FloorSettingsService } from './floor-settings.service.js';
import { KpiEngineService } from './kpi-engine.service.js';

/** The rules are evaluated this often even without a change (waits and pauses grow with the clock alone): 2 s. */
export const ATTENTION_EVERY_MS = 2_000;
/** After a change of the floor, the list is evaluated again this soon (changes within it are taken together). */
const CHANGE_DEBOUNCE_MS = 200;
/** The published roster and the intake sources are read again this often. */
const ROSTER_EVERY_MS = 10_000;
const SOURCES_EVERY_MS = 15_000;
/** Kinds of intake sources expected to deliver continuously (as the intake status page watches them). */
const WATCHED_KINDS: ReadonlySet<string> = new Set(['push', 'file', 'table']);
/** Acknowledgements are kept whatever the list says this long after start-up (the floor is still being rebuilt from the ledger). */
const STARTUP_GRACE_MS = 30_000;

/**
 * "Needs attention now": evaluates libs/kpi's attention rules on the live floor every {@link ATTENTION_EVERY_MS} and
 * after every change of the floor (the KPI engine's `change`) or of the thresholds, and emits `change` with the new
 * list ({@link FloorAttention}) whenever it differs from the last one. Keeps the acknowledgements (Postgres
 * `FloorAlertAck`, by alert id): an acknowledged alert stays listed with who and when while its condition holds; once
 * it is no longer listed its acknowledgement is deleted (the condition ended: a new episode is a new alert).
 * Emits `acked` (alert id) after an acknowledgement here, so the gateway tells the other nodes ({@link reloadAcks}).
 */
@Injectable()
export class AttentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AttentionService.name);
  readonly events = new EventEmitter();
  private current: FloorAttention | null = null;
  private lastSent = '';
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private running: Promise<FloorAttention> | null = null;
  private acks = new Map<string, AlertAck>();
  private acksLoaded = false;
  private roster: { day: string; at: number; value: PublishedShifts | null } | undefined;
  private sources: { at: number; value: WatchedSource[] } | undefined;
  private readonly onChange = () => this.soon();
  private readonly startedAt = Date.now();

  constructor(
    private readonly engine: KpiEngineService,
    private readonly settings: FloorSettingsService,
    private readonly rosters: FloorRosterReader,
    private readonly intake: IntakeStatsService,
    private readonly prisma: PrismaService,
  ) {}

  onApplicationBootstrap(): void {
    this.engine.events.on('change', this.onChange);
    this.settings.changes.on('change', this.onChange);
    this.timer = setInterval(() => void this.refresh(), ATTENTION_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.engine.events.off('change', this.onChange);
    this.settings.changes.off('change', this.onChange);
    clearInterval(this.timer);
    clearTimeout(this.debounce);
  }

  private soon(): void {
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.refresh();
    }, CHANGE_DEBOUNCE_MS);
    this.debounce.unref();
  }

  /** The last list evaluated (evaluates it first when there is none yet). */
  async attention(): Promise<FloorAttention> {
    return this.current ?? this.evaluate();
  }

  /** Evaluates the list now and emits `change` when it differs from the last one emitted. Never throws. */
  async refresh(): Promise<void> {
    try {
      const next = await this.evaluate();
      const { evaluatedAt: _, ...comparable } = next;
      const key = JSON.stringify(comparable);
      if (key !== this.lastSent) {
        this.lastSent = key;
        this.events.emit('change', next);
      }
    } catch (error) {
      this.logger.warn(`attention not evaluated: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** One evaluation at a time: a call while one runs shares its result. */
  private evaluate(): Promise<FloorAttention> {
    this.running ??= this.evaluateNow().finally(() => (this.running = null));
    return this.running;
  }

  private async evaluateNow(): Promise<FloorAttention> {
    const settings = await this.settings.settings();
    await this.loadAcks();
    const snapshot = this.engine.snapshot();
    const day = dayKey(new Date(snapshot.asOf), snapshot.timeZone);
    const [roster, sources] = await Promise.all([this.publishedRoster(day, snapshot.timeZone), this.watchedSources()]);
    const alerts = evaluateAttention({ snapshot, waiting: this.engine.waitingCalls(), planned: roster ? roster.shifts : null, sources, wallClock: Date.now() }, settings);
    const listed = new Set(alerts.map((a) => a.id));
    const ended = [...this.acks.keys()].filter((id) => !listed.has(id));
    if (ended.length && Date.now() - this.startedAt >= STARTUP_GRACE_MS) {
      for (const id of ended) this.acks.delete(id);
      await this.prisma.floorAlertAck.deleteMany({ where: { alertId: { in: ended } } });
    }
    const result: FloorAttention = {
      asOf: snapshot.asOf,
      evaluatedAt: new Date().toISOString(),
      alerts: alerts.map((a): FloorAlert => ({ ...a, ack: this.acks.get(a.id) ?? null })),
      roster: roster
        ? { versionId: roster.versionId, name: roster.name, planned: roster.shifts.map((s) => ({ agentId: s.agentId, name: s.name, code: s.code, start: new Date(s.start).toISOString(), end: new Date(s.end).toISOString() })) }
        : null,
    };
    this.current = result;
    return result;
  }

  /**
   * Acknowledges an alert listed now (evaluated afresh); audited with the alert as it stood.
   * @throws DomainError 404 `alert_not_found` when no such alert is listed (never was, or its condition ended).
   */
  async acknowledge(id: string, user: AuthUser): Promise<FloorAlert> {
    const list = await this.evaluate();
    const alert = list.alerts.find((a) => a.id === id);
    if (!alert) throw new DomainError('alert_not_found', `no alert ${id} is listed now (its condition may have ended)`, 'id');
    if (alert.ack) return alert; // acknowledged already: the first acknowledgement stands
    const at = new Date();
    await this.prisma.floorAlertAck.upsert({ where: { alertId: id }, create: { alertId: id, ackedById: user.id, ackedAt: at }, update: {} });
    const ack: AlertAck = { by: user.login, byName: user.displayName, at: at.toISOString() };
    this.acks.set(id, ack);
    const { ack: _, ...bare } = alert;
    auditNote({ after: { ...bare, ack }, target: `floor-alert:${id}` });
    this.events.emit('acked', id);
    this.soon();
    return { ...alert, ack };
  }

  /**
   * Another node acknowledged an alert (issue 18): reads the acknowledgements from Postgres again and evaluates the
   * list at once (emitting `change` when it differs). Never throws.
   */
  async reloadAcks(): Promise<void> {
    await this.running?.catch(() => undefined);
    this.acksLoaded = false;
    await this.refresh();
  }

  private async loadAcks(): Promise<void> {
    if (this.acksLoaded) return;
    const rows = await this.prisma.floorAlertAck.findMany();
    const users = await this.prisma.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.ackedById))] } }, select: { id: true, login: true, displayName: true } });
    const byId = new Map(users.map((u) => [u.id, u]));
    // A fresh map: a reload (another node's acknowledgement) also drops the acknowledgements another node deleted.
    const acks = new Map<string, AlertAck>();
    for (const r of rows) {
      const u = byId.get(r.ackedById);
      acks.set(r.alertId, { by: u?.login ?? String(r.ackedById), byName: u?.displayName ?? String(r.ackedById), at: r.ackedAt.toISOString() });
    }
    this.acks = acks;
    this.acksLoaded = true;
  }

  private async publishedRoster(day: string, timeZone: string): Promise<PublishedShifts | null> {
    const now = Date.now();
    if (!this.roster || this.roster.day !== day || now - this.roster.at >= ROSTER_EVERY_MS) {
      this.roster = { day, at: now, value: await this.rosters.publishedOn(day, timeZone) };
    }
    return this.roster.value;
  }

  /** Configured, enabled sources of a continuous kind, with their last arrival (Redis intake statistics). */
  private async watchedSources(): Promise<WatchedSource[]> {
    const now = Date.now();
    if (this.sources && now - this.sources.at < SOURCES_EVERY_MS) return this.sources.value;
    const configured = (await this.prisma.intakeSource.findMany({ where: { enabled: true }, select: { name: true, kind: true, createdAt: true } })).filter((s) => WATCHED_KINDS.has(s.kind));
    const stats = await this.intake.read(configured.map((s) => s.name), now);
    const value = configured.map((s) => ({ name: s.name, lastSeenAt: stats.get(s.name)?.lastSeenMs ?? null, watchedSince: s.createdAt.getTime() }));
    this.sources = { at: now, value };
    return value;
  }
}
