import { Inject, Injectable } from '@nestjs/common';
import { maskNumbersInText, type UnmaskedDeadLetter, KpiQuery } from '@hotline/contracts';
import { nextDay, startOfDay } from '@hotline/events';
import { DEFAULT_KPI_POLICY, buildReport, type KpiReport } from '@hotline/kpi';
import { AuditService, auditUnavailable } from '../audit/audit.service.js';
import { BusinessTypesRepository } from '../business-types/business-types.repository.js';
import type { RequestContext } from '../auth/current-user.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { CallerVault, CallerVaultError } from '../privacy/caller-vault.js';
import { LedgerRepository } from './ledger.repository.js';
import { RollupReader } from './rollups.js';

// The query schema lives in the contract (libs/contracts ledger.ts); re-exported for the controller.
export { KpiQuery };

/** Reports over the ledger, computed by the same engine as the live floor. */
@Injectable()
export class LedgerService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerRepository,
    @Inject(CallerVault) private readonly vault: CallerVault,
    private readonly audit: AuditService,
    private readonly businessTypes: BusinessTypesRepository,
    private readonly rollups: RollupReader,
  ) {}

  /** KPIs of the local days [from, to] (inclusive), by day, agent and business type (the tree and mappings in force now), from the ledger's rollups. */
  async report(query: KpiQuery): Promise<KpiReport> {
    const timeZone = this.config.HOTLINE_TIMEZONE;
    const from = startOfDay(query.from, timeZone);
    const to = startOfDay(nextDay(query.to), timeZone);
    const outages = (await this.ledger.outages()).map((o) => ({ startsAt: o.startsAt.getTime(), endsAt: o.endsAt.getTime() }));
    const policy = {
      ...DEFAULT_KPI_POLICY, timeZone, outages,
      serviceLevelSeconds: this.config.HOTLINE_SL_SECONDS, shortIvrExcludeSeconds: this.config.HOTLINE_SHORT_IVR_EXCLUDE_SECONDS,
    };
    // From the rollups (the intervals of an outage from their calls): the same aggregator as one fed every call.
    const aggregator = await this.rollups.aggregate(from.getTime(), to.getTime(), policy,
      { businessTypes: await this.businessTypes.config(), fallbackBusinessType: this.businessTypes.fallbackCode }, { types: true, agents: true });
    return buildReport(aggregator, from.getTime(), to.getTime());
  }

  /**
   * A dead letter's raw line in full, for repair. Audited as `deadLetters.unmask` with the (masked) reason.
   * @throws DomainError 404 `not_found` (no such dead letter), 404 `no_raw` (stored without an encrypted line),
   *   422 `caller_key_unavailable` (its key is no longer configured, or the cipher does not verify).
   */
  async revealDeadLetter(id: number, reason: string, ctx: RequestContext): Promise<UnmaskedDeadLetter> {
    const row = await this.ledger.deadLetterCipher(id);
    if (!row) throw new DomainError('not_found', `no dead letter ${id}`, 'id');
    if (row.rawCipher === null || row.rawKeyId === null) throw new DomainError('no_raw', `dead letter ${id} keeps no raw line`, 'id');
    const entry = { actor: ctx.user ? { id: ctx.user.id, login: ctx.user.login } : null, ip: ctx.ip, action: 'deadLetters.unmask', target: `deadLetter:${id}` };
    const why = maskNumbersInText(reason);
    let raw: string;
    try {
      raw = this.vault.decryptText(row.rawCipher, row.rawKeyId);
    } catch (error) {
      if (!(error instanceof CallerVaultError)) throw error;
      await this.audit.record({ ...entry, outcome: 'failed', detail: { reason: why, error: error.message } });
      throw new DomainError('caller_key_unavailable', error.message);
    }
    // No trail, no raw line: the disclosure is answered only once its audit entry is written.
    if ((await this.audit.record({ ...entry, outcome: 'ok', detail: { reason: why } })) === null) throw auditUnavailable();
    return { id, raw };
  }
}
