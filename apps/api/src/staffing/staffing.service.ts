import { Inject, Injectable } from '@nestjs/common';
import type { ErlangABody, ErlangAMetrics, ErlangCBody, ErlangCMetrics, ForecastQuery, RequirementBody, StaffAAnswer, StaffABody, StaffCAnswer, StaffCBody } from '@hotline/contracts';
import { type LoadInput, erlangAMetrics, erlangCMetrics, staffErlangA, staffErlangC } from '@hotline/erlang';
import { addDays, dayKey, nextDay, startOfDay } from '@hotline/events';
import {
  DEFAULT_TARGETS,
  type CallHistoryRecord,
  type ForecastReport,
  type Requirement,
  type RequirementTargets,
  computeRequirement,
  forecastReport,
  summarizeCalls,
} from '@hotline/forecast';
import { DomainError, domain } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { erlangAResponse, erlangCResponse, staffingResponse } from './erlang.mapper.js';
import { ForecastDaysRepository } from './forecast-days.repository.js';
import { StaffingRepository } from './staffing.repository.js';


/**
 * The query parameter behind a library field of a forecast from the ledger: targets by their own names; the
 * intervals' load (too large a load, too much work) to the AHT or patience given, else to the horizon.
 */
function queryField(q: ForecastQuery): (field: string) => string {
  return (field) => {
    if (field.startsWith('targets.')) return field.slice('targets.'.length);
    if (field.startsWith('intervals') || field === 'arrivalsPerHour') return q.ahtSeconds !== undefined ? 'ahtSeconds' : q.patienceSeconds !== undefined ? 'patienceSeconds' : 'weeks';
    if (field === 'history') return 'from';
    return field;
  };
}

const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Forecast and staffing requirement from the ledger's history, what-if requirements, and Erlang what-ifs. */
@Injectable()
export class StaffingService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: StaffingRepository,
    private readonly days: ForecastDaysRepository,
  ) {}

  /** The hotline's default targets: its connect-rate line and service-level threshold (configuration), 80 % answered. */
  private targets(given: Partial<RequirementTargets> = {}): RequirementTargets {
    return {
      ...DEFAULT_TARGETS,
      targetConnectRate: this.config.HOTLINE_CONNECT_TARGET_PERCENT / 100,
      targetSeconds: this.config.HOTLINE_SL_SECONDS,
      ...defined(given),
    };
  }

  /**
   * The forecast of the weeks from `from`, from up to `historyWeeks` weeks of the ledger before it, with both
   * requirements. The planner's marked days and the outlier rule (libs/forecast unusual.ts, on here) leave unusual
   * days out of the history's profiles; the users' special days are forecast like holidays (forecast-days.*). The
   * ledger's days follow its feed clock (its latest event, as the floor and the month page do), not the server's
   * clock: the feed clock's day is not complete, so the default `from` is that day and the history ends the day
   * before it (a replayed month is forecast from its own last day, not from today).
   */
  async forecast(q: ForecastQuery): Promise<ForecastReport> {
    const timeZone = this.config.HOTLINE_TIMEZONE;
    const { range, from, firstDay, lastHistoryDay, calls } = await this.historyWindow(q);
    const days = await this.days.forecastOptions();
    return domain(() => {
      const summary = summarizeCalls(calls, { timeZone, intervalMinutes: 30, from: firstDay, to: lastHistoryDay });
      return forecastReport(summary.history, summary, {
        weeks: q.weeks ?? 2,
        from,
        start: q.from === undefined ? { reason: 'feed-clock', feedClock: range.feedClock.toISOString() } : { reason: 'given' },
        method: q.method ?? 'auto',
        calendar: q.calendar ?? 'cn',
        targets: this.targets({ targetConnectRate: q.targetConnectRate, serviceLevelTarget: q.serviceLevelTarget, targetSeconds: q.targetSeconds, maxOccupancy: q.maxOccupancy }),
        shrinkage: q.shrinkage,
        minAgents: q.minAgents,
        ahtSeconds: q.ahtSeconds,
        patienceSeconds: q.patienceSeconds,
        exclusions: days.exclusions,
        specialDays: days.specialDays,
      });
    }, queryField(q));
  }

  /**
   * The ledger's history a forecast from `from` reads: complete days only, up to `historyWeeks` weeks (default 8)
   * back from the day before `from` (or the ledger's last complete day). The ledger's days follow its feed clock.
   * @throws DomainError 422 `insufficient_history` (field `history` for an empty ledger, `from` for no day before it).
   */
  async historyWindow(q: { from?: string; historyWeeks?: number }): Promise<{ range: { first: Date; feedClock: Date }; from: string; firstDay: string; lastHistoryDay: string; calls: CallHistoryRecord[] }> {
    const timeZone = this.config.HOTLINE_TIMEZONE;
    const range = await this.repository.ledgerRange();
    if (!range) throw new DomainError('insufficient_history', 'the ledger has no calls to forecast from', 'history');
    const feedDay = dayKey(range.feedClock, timeZone);
    const from = q.from ?? feedDay;
    // History ends at the last complete day: days after it (up to a later `from`) are not observed, not zero calls;
    // it reaches `historyWeeks` back from its own end, so a period far ahead is forecast from the latest weeks.
    const lastComplete = addDays(feedDay, -1);
    const lastHistoryDay = addDays(from, -1) < lastComplete ? addDays(from, -1) : lastComplete;
    const earliest = addDays(lastHistoryDay, 1 - 7 * (q.historyWeeks ?? 8));
    const firstDay = dayKey(range.first, timeZone) > earliest ? dayKey(range.first, timeZone) : earliest;
    if (firstDay > lastHistoryDay) {
      const why = from > lastComplete ? `the ledger holds no complete day yet (its feed clock is on ${feedDay})` : `the ledger has no calls before ${from}`;
      throw new DomainError('insufficient_history', why, 'from');
    }
    const calls = await this.repository.callHistory(startOfDay(firstDay, timeZone), startOfDay(nextDay(lastHistoryDay), timeZone));
    return { range, from, firstDay, lastHistoryDay, calls };
  }

  /** What-if: the requirement of given intervals (or a forecast) and the month view. */
  requirement(b: RequirementBody): Requirement {
    const source = b.forecast ?? { intervalMinutes: b.intervalMinutes ?? 30, timeZone: b.timeZone, intervals: b.intervals ?? [] };
    const intervals = source.intervals.map((iv) => ({
      ...iv,
      ahtSeconds: b.ahtSeconds === undefined ? iv.ahtSeconds : undefined,
      patienceSeconds: b.patienceSeconds === undefined ? iv.patienceSeconds : undefined,
      agentShare: b.agentShare === undefined ? iv.agentShare : undefined,
      ivrAnsweredShare: b.ivrAnsweredShare === undefined ? iv.ivrAnsweredShare : undefined,
    }));
    const everywhere = (field: 'ahtSeconds' | 'patienceSeconds', given: number | undefined): number => {
      if (given !== undefined) return given;
      const own = intervals[0]?.[field];
      if (own === undefined || intervals.some((iv) => iv[field] === undefined)) {
        throw new DomainError('invalid_request', `${field} is required (or ${field} on every interval)`, field);
      }
      return own;
    };
    const ahtSeconds = everywhere('ahtSeconds', b.ahtSeconds);
    const patienceSeconds = everywhere('patienceSeconds', b.patienceSeconds);
    return domain(() =>
      computeRequirement({
        intervalMinutes: source.intervalMinutes,
        timeZone: source.timeZone ?? this.config.HOTLINE_TIMEZONE,
        intervals,
        ahtSeconds,
        patienceSeconds,
        targets: this.targets(b.targets),
        shrinkage: b.shrinkage,
        minAgents: b.minAgents,
        agentShare: b.agentShare,
        ivrAnsweredShare: b.ivrAnsweredShare,
        agentsPerInterval: b.agentsPerInterval,
      }),
    );
  }

  /** Erlang C metrics of one interval (the answer-time target defaults to HOTLINE_SL_SECONDS). */
  erlangC(b: ErlangCBody): ErlangCMetrics {
    return domain(() => erlangCResponse(erlangCMetrics({ ...(b as LoadInput), agents: b.agents, targetSeconds: b.targetSeconds ?? this.config.HOTLINE_SL_SECONDS })));
  }

  /** Erlang A metrics of one interval. */
  erlangA(b: ErlangABody): ErlangAMetrics {
    return domain(() => erlangAResponse(erlangAMetrics({ ...(b as LoadInput), agents: b.agents, patienceSeconds: b.patienceSeconds, targetSeconds: b.targetSeconds ?? this.config.HOTLINE_SL_SECONDS })));
  }

  /** Erlang C staffing: the fewest agents meeting every target given. */
  staffC(b: StaffCBody): StaffCAnswer {
    return domain(() => staffingResponse('C', staffErlangC({ ...(b as LoadInput), ...b, targetSeconds: b.targetSeconds ?? this.config.HOTLINE_SL_SECONDS }), erlangCResponse));
  }

  /** Erlang A staffing: the fewest agents meeting every target given. */
  staffA(b: StaffABody): StaffAAnswer {
    return domain(() => staffingResponse('A', staffErlangA({ ...(b as LoadInput), ...b, targetSeconds: b.targetSeconds ?? this.config.HOTLINE_SL_SECONDS }), erlangAResponse));
  }
}
