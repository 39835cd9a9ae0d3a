import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { nextDay, startOfDay } from '@hotline/events';
import { DEFAULT_KPI_POLICY, KpiAggregator, buildReport, type KpiReport } from '@hotline/kpi';
import { queryDay } from '../common/query.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { LedgerRepository } from './ledger.repository.js';

export const KpiQuery = z
  .strictObject({ from: queryDay, to: queryDay })
  .refine((q) => !queryDay.safeParse(q.from).success || !queryDay.safeParse(q.to).success || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });

/** Reports over the ledger, computed by the same engine as the live floor. */
@Injectable()
export class LedgerService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerRepository,
  ) {}

  /** KPIs of the local days [from, to] (inclusive), by day and agent. */
  async report(query: z.infer<typeof KpiQuery>): Promise<KpiReport> {
    const timeZone = this.config.HOTLINE_TIMEZONE;
    const from = startOfDay(query.from, timeZone);
    const to = startOfDay(nextDay(query.to), timeZone);
    const outages = (await this.ledger.outages()).map((o) => ({ startsAt: o.startsAt.getTime(), endsAt: o.endsAt.getTime() }));
    const aggregator = new KpiAggregator({
      ...DEFAULT_KPI_POLICY, timeZone, outages,
      serviceLevelSeconds: this.config.HOTLINE_SL_SECONDS, shortIvrExcludeSeconds: this.config.HOTLINE_SHORT_IVR_EXCLUDE_SECONDS,
    });
    for (const call of await this.ledger.callsOfferedBetween(from, to)) aggregator.add(call);
    return buildReport(aggregator, from.getTime(), to.getTime());
  }

  deadLetters(limit: number) {
    return this.ledger.deadLetters(limit);
  }
}
