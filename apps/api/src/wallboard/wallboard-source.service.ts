import { EventEmitter } from 'node:events';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FloorAttention, WallboardSnapshot } from '@hotline/contracts';
import { AttentionService } from '../live/attention.service.js';
import { KpiEngineService } from '../live/kpi-engine.service.js';
import { toWallboardSnapshot } from './wallboard-snapshot.js';

/**
 * What the wallboard shows, from the live engine and the floor's attention list (AttentionService, looked up in
 * LiveModule without changing it; the wallboard shows no attention panel when it is absent). Emits `change` when
 * either changes.
 */
@Injectable()
export class WallboardSource implements OnModuleInit, OnModuleDestroy {
  readonly events = new EventEmitter();
  private readonly logger = new Logger(WallboardSource.name);
  private attention: AttentionService | null = null;
  private readonly changed = () => this.events.emit('change');

  constructor(
    private readonly engine: KpiEngineService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    try {
      this.attention = this.moduleRef.get(AttentionService, { strict: false }) ?? null;
    } catch {
      this.attention = null;
    }
    this.engine.events.on('change', this.changed);
    this.attention?.events.on('change', this.changed);
  }

  onModuleDestroy(): void {
    this.engine.events.off('change', this.changed);
    this.attention?.events.off('change', this.changed);
  }

  /** True while the feed is live (the longest wait keeps ticking). */
  isLive(): boolean {
    return this.engine.isLive();
  }

  /** The wallboard's snapshot now (attention null when the list cannot be had). */
  async snapshot(): Promise<WallboardSnapshot> {
    let attention: FloorAttention | null = null;
    if (this.attention) {
      try {
        attention = await this.attention.attention();
      } catch (error) {
        this.logger.warn(`wallboard without attention: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return toWallboardSnapshot(this.engine.snapshot(), attention);
  }
}
