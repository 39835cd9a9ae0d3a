import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { FloorSettings, type FloorSettingsView } from '@hotline/contracts';
import { DEFAULT_ATTENTION_SETTINGS } from '@hotline/kpi';
import { auditNote } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/current-user.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { stored } from '../roster/roster.mapper.js';

/** The single row's id. */
const ROW_ID = 1;

/**
 * The floor's alert thresholds (`FloorSettings`, one row; absent: libs/kpi DEFAULT_ATTENTION_SETTINGS). Read from
 * Postgres on first use and after each write of this node; another node's write is seen within {@link REREAD_MS}.
 * Emits `change` after a write.
 */
@Injectable()
export class FloorSettingsService {
  readonly changes = new EventEmitter();
  private cached: { view: FloorSettingsView; readAt: number } | undefined;

  constructor(private readonly prisma: PrismaService) {}

  /** The thresholds in force, with who changed them last. */
  async view(): Promise<FloorSettingsView> {
    if (this.cached && Date.now() - this.cached.readAt < REREAD_MS) return this.cached.view;
    const row = await this.prisma.floorSettings.findUnique({ where: { id: ROW_ID } });
    let view: FloorSettingsView = { settings: { ...DEFAULT_ATTENTION_SETTINGS }, updatedAt: null, updatedBy: null };
    if (row) {
      const by = row.updatedById === null ? null : await this.prisma.user.findUnique({ where: { id: row.updatedById }, select: { login: true } });
      // A stored row missing a later-added field takes that field's default (the schema is strict, the stored JSON older).
      const settings = stored(FloorSettings, { ...DEFAULT_ATTENTION_SETTINGS, ...(typeof row.settings === 'object' && row.settings !== null ? row.settings : {}) }, 'floor settings');
      view = { settings, updatedAt: row.updatedAt.toISOString(), updatedBy: by?.login ?? null };
    }
    this.cached = { view, readAt: Date.now() };
    return view;
  }

  /** The thresholds alone. */
  async settings(): Promise<FloorSettings> {
    return (await this.view()).settings;
  }

  /** Replaces the thresholds (the body already validated); audited with before and after. */
  async replace(settings: FloorSettings, user: AuthUser): Promise<FloorSettingsView> {
    const before = await this.view();
    const now = new Date();
    await this.prisma.floorSettings.upsert({
      where: { id: ROW_ID },
      create: { id: ROW_ID, settings, updatedAt: now, updatedById: user.id },
      update: { settings, updatedAt: now, updatedById: user.id },
    });
    const view: FloorSettingsView = { settings, updatedAt: now.toISOString(), updatedBy: user.login };
    this.cached = { view, readAt: Date.now() };
    auditNote({ before: before.settings, after: settings, target: 'floor-settings' });
    this.changes.emit('change');
    return view;
  }
}

/** How long a read of the settings is used before Postgres is asked again (another node's write): 10 s. */
const REREAD_MS = 10_000;
