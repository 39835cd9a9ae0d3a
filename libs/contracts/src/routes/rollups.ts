import { defineEndpoint } from '../endpoint';
import { ReconcileRollupsBody, RollupCheck, RollupHealth } from '../rollups';

/** The ledger's rollups: their health and their reconciliation on demand. */
export const rollupRoutes = {
  rollupHealth: defineEndpoint({
    id: 'rollupHealth', method: 'GET', path: '/api/ledger/rollups/health', access: 'feed.deadLetters.read', tag: 'ledger', response: RollupHealth,
    summary: "The ledger rollups' last reconciliation and recent alarms (a difference between the rollups and a recompute from the calls).",
  }),
  reconcileRollups: defineEndpoint({
    id: 'reconcileRollups', method: 'POST', path: '/api/ledger/rollups/reconcile', access: 'ledger.reconcile', tag: 'ledger', body: ReconcileRollupsBody, response: RollupCheck,
    summary: "Recomputes the rollups of local days from..to from the calls, compares them with the stored ones (a difference is an alarm) and repairs them; audited.",
  }),
} as const;
