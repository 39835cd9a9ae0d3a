import { Inject, Injectable } from '@nestjs/common';
import type { Outage, OutageBody } from '@hotline/contracts';
import { auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { assertEntryWindow } from '../common/entry-window.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { KpiEngineService } from '../live/kpi-engine.service.js';

/** An outage row as the API answers it: instants as ISO strings. */
function outageView(o: { id: number; startsAt: Date; endsAt: Date; reason: string; createdAt: Date }): Outage {
  return { id: o.id, startsAt: o.startsAt.toISOString(), endsAt: o.endsAt.toISOString(), reason: o.reason, createdAt: o.createdAt.toISOString() };
}

/**
 * Registers of facts that do not come from the call feed. Outage windows (contract: periods in which an external
 * fault interrupted the system are removed from the connect rate) change the KPIs at once.
 */
@Injectable()
export class RegistersService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerRepository,
    private readonly engine: KpiEngineService,
  ) {}

  /** Every outage window, oldest first. */
  async outages(): Promise<Outage[]> {
    return (await this.ledger.outages()).map(outageView);
  }

  /**
   * Stores an outage window (body checked by the contract's OutageBody) and reloads the live engine's windows.
   * @throws DomainError 400 `in_future` / `out_of_window` (field `startsAt`) for a start after now (or the feed clock
   *   when it is later) or before the first day of the quarter before the ledger's feed clock's (common/entry-window
   *   assertEntryWindow `outage`: the window follows the ledger, whose calls the outage takes out of the connect
   *   rate; without calls, now). The end may be ahead of now, within the contract's 31 days of the start.
   */
  async addOutage(body: OutageBody, now = new Date()): Promise<Outage> {
    assertEntryWindow('outage', 'startsAt', new Date(body.startsAt), await this.ledger.entryClock(now), this.config.HOTLINE_TIMEZONE);
    const outage = await this.ledger.createOutage({ startsAt: new Date(body.startsAt), endsAt: new Date(body.endsAt), reason: body.reason });
    await this.engine.reloadOutages();
    const view = outageView(outage);
    auditNote({ after: view, target: `outage:${view.id}` });
    return view;
  }

  /** Removes an outage window (its row goes to the request's audit entry). @throws DomainError 404 when no outage has that id. */
  async removeOutage(id: number): Promise<void> {
    const before = (await this.ledger.outages()).find((o) => o.id === id);
    if (!before || !(await this.ledger.deleteOutage(id))) throw new DomainError('not_found', `no outage ${id}`, 'id');
    auditNote({ before: outageView(before), target: `outage:${id}` });
    await this.engine.reloadOutages();
  }
}
