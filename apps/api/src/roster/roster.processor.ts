import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { PlanJobPayload, type PlanJobResult } from '@hotline/contracts';
import { ROSTER_QUEUE, RosterService } from './roster.service.js';

/**
 * Planning jobs: validate the payload, let the service solve and store. One solve at a time per API process; a job
 * with a background budget (anytime solving) stays active while it improves, its lock renewed by this process.
 */
@Processor(ROSTER_QUEUE, { concurrency: 1, lockDuration: 120_000 })
export class RosterProcessor extends WorkerHost {
  constructor(private readonly roster: RosterService) {
    super();
  }

  async process(job: Job): Promise<PlanJobResult> {
    const payload = PlanJobPayload.parse(job.data);
    return this.roster.runPlan(job.id as string, payload, (progress) => job.updateProgress({ ...progress }));
  }
}
