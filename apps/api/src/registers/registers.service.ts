import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DomainError } from '../common/domain-error.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { KpiEngineService } from '../live/kpi-engine.service.js';

/** Body of `POST /api/registers/outages`: an external fault's window (ISO instants, end exclusive) and why. */
export const OutageBody = z
  .object({ startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }), reason: z.string().trim().min(1).max(500) })
  .refine((o) => Date.parse(o.startsAt) < Date.parse(o.endsAt), { message: 'must be after startsAt', path: ['endsAt'] })
  .refine((o) => Date.parse(o.endsAt) - Date.parse(o.startsAt) <= 31 * 86_400_000, { message: 'an outage window is at most 31 days', path: ['endsAt'] });

/**
 * Registers of facts that do not come from the call feed. Outage windows (contract: periods in which an external
 * fault interrupted the system are removed from the connect rate) change the KPIs at once.
 */
@Injectable()
export class RegistersService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly engine: KpiEngineService,
  ) {}

  outages() {
    return this.ledger.outages();
  }

  async addOutage(body: z.infer<typeof OutageBody>) {
    const outage = await this.ledger.createOutage({ startsAt: new Date(body.startsAt), endsAt: new Date(body.endsAt), reason: body.reason });
    await this.engine.reloadOutages();
    return outage;
  }

  async removeOutage(id: number): Promise<void> {
    if (!(await this.ledger.deleteOutage(id))) throw new DomainError('not_found', `no outage ${id}`, 404, 'id');
    await this.engine.reloadOutages();
  }
}
