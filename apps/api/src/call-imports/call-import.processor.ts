import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { CallImportJobPayload } from '@hotline/contracts';
import { CALL_IMPORT_QUEUE, CallImportsService } from './call-imports.service.js';

/** Import jobs: one at a time per API process (history must not crowd the live floor's Redis and database). */
@Processor(CALL_IMPORT_QUEUE, { concurrency: 1, lockDuration: 120_000 })
export class CallImportProcessor extends WorkerHost {
  constructor(private readonly imports: CallImportsService) {
    super();
  }

  async process(job: Job): Promise<void> {
    const { importId } = CallImportJobPayload.parse(job.data);
    await this.imports.runJob(importId, (p) => job.updateProgress({ ...p }));
  }
}
