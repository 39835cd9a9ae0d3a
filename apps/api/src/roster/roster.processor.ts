import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { PlanJobPayload, type PlanJobResult } from '@hotline/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ROSTER_QUEUE, RosterService } from './roster.service.js';

/**
 * Planning jobs: validate the payload, let the service solve and store. HOTLINE_ROSTER_CONCURRENCY solves at a time
 * per API process (default 1; every node of a deployment takes jobs from the one queue); a job with a background
 * budget (anytime solving) stays active while it improves, its lock renewed by this process.
 */
@Processor(ROSTER_QUEUE, { concurrency: 1, lockDuration: 120_000 })
export class RosterProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly roster: RosterService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** The configured concurrency (the worker exists by now: @nestjs/bullmq creates it in its module's init; its fetch loop reads the value on each turn). */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.HOTLINE_ROSTER_CONCURRENCY;
  }

  async process(job: Job): Promise<PlanJobResult> {
    const payload = PlanJobPayload.parse(job.data);
    return this.roster.runPlan(job.id as string, payload, (progress) => job.updateProgress({ ...progress }));
  }
}
