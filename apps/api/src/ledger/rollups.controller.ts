import { Body, Controller } from '@nestjs/common';
import { API, ReconcileRollupsBody, type RollupCheck, type RollupHealth } from '@hotline/contracts';
import { auditNote } from '../audit/audit.service.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { RollupReconciliationService } from './rollup-reconciliation.service.js';

/** The ledger's rollups: their health (last reconciliation, alarms) and a reconciliation on demand (audited as every write). */
@Controller()
export class RollupsController {
  constructor(private readonly reconciliation: RollupReconciliationService) {}

  /** The last reconciliation and the recent alarms; `ok` false while an alarm of the last 24 hours exists. */
  @Endpoint(API.rollupHealth)
  health(): Promise<RollupHealth> {
    return this.reconciliation.health();
  }

  /** Recomputes local days from..to from the calls, compares, repairs; the check as recorded. */
  @Endpoint(API.reconcileRollups)
  reconcile(@Body() body: unknown): Promise<RollupCheck> {
    const { from, to } = ReconcileRollupsBody.parse(body ?? {});
    // The audit entry names the days it recomputes (the route has no path parameter to name them).
    auditNote({ target: `rollups:${from}..${to}` });
    return this.reconciliation.reconcileDays(from, to);
  }
}
