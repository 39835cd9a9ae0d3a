import { Inject, Injectable } from '@nestjs/common';
import { ErlangInputError, ErlangStaffingError, type LoadInput, erlangAMetrics, erlangCMetrics, staffErlangA, staffErlangC } from '@hotline/erlang';
import { dayKey, nextDay, startOfDay } from '@hotline/events';
import {
  DEFAULT_TARGETS,
  ForecastInputError,
  type ForecastReport,
  type Requirement,
  type RequirementTargets,
  addDays,
  computeRequirement,
  forecastReport,
  summarizeCalls,
} from '@hotline/forecast';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { erlangAResponse, erlangCResponse, staffingResponse } from './erlang.mapper.js';
import type { ErlangABody, ErlangCBody, ForecastQuery, RequirementBody, StaffABody, StaffCBody } from './staffing.dto.js';
import { StaffingRepository } from './staffing.repository.js';
import type { z } from 'zod';

/** Runs library code; its input errors become 400s naming the field, unreachable targets and short histories 422s. */
function domain<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ForecastInputError) {
      const unprocessable = error.code === 'unreachable' || error.code === 'insufficient-history';
      throw new DomainError(unprocessable ? error.code.replace('-', '_') : 'invalid_request', error.message, unprocessable ? 422 : 400, error.field);
    }
    if (error instanceof ErlangInputError) throw new DomainError('invalid_request', error.message, 400, error.field);
    if (error instanceof ErlangStaffingError) throw new DomainError('target_unreachable', error.message, 422);
    throw error;
  }
}

const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Forecast and staffing requirement from the ledger's history, what-if requirements, and Erlang what-ifs. */
@Injectable()
export class StaffingService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: StaffingRepository,
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
   * The forecast of the weeks from `from` (default: the day after the ledger's last day, or today while today's calls
   * are still coming in), from up to `historyWeeks` weeks of the ledger before it, with both requirements.
   */
  async forecast(q: ForecastQuery): Promise<ForecastReport> {
    const timeZone = this.config.HOTLINE_TIMEZONE;
    const range = await this.repository.offeredRange();
    if (!range) throw new DomainError('insufficient_history', 'the ledger has no calls to forecast from', 422, 'history');
    const lastDay = dayKey(range.last, timeZone);
    const today = dayKey(new Date(), timeZone);
    const from = q.from ?? (lastDay === today ? today : nextDay(lastDay));
    const earliest = addDays(from, -7 * q.historyWeeks);
    const firstDay = dayKey(range.first, timeZone) > earliest ? dayKey(range.first, timeZone) : earliest;
    if (firstDay >= from) throw new DomainError('insufficient_history', `the ledger has no calls before ${from}`, 422, 'from');
    // History ends at the ledger's last day: days after it (up to a later `from`) are not observed, not zero calls.
    const lastHistoryDay = addDays(from, -1) < lastDay ? addDays(from, -1) : lastDay;
    const calls = await this.repository.callHistory(startOfDay(firstDay, timeZone), startOfDay(nextDay(lastHistoryDay), timeZone));
    return domain(() => {
      const summary = summarizeCalls(calls, { timeZone, intervalMinutes: 30, from: firstDay, to: lastHistoryDay });
      return forecastReport(summary.history, summary, {
        weeks: q.weeks,
        from,
        method: q.method,
        calendar: q.calendar,
        targets: this.targets({ targetConnectRate: q.targetConnectRate, serviceLevelTarget: q.serviceLevelTarget, targetSeconds: q.targetSeconds, maxOccupancy: q.maxOccupancy }),
        shrinkage: q.shrinkage,
        minAgents: q.minAgents,
        ahtSeconds: q.ahtSeconds,
        patienceSeconds: q.patienceSeconds,
      });
    });
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
        throw new DomainError('invalid_request', `${field} is required (or ${field} on every interval)`, 400, field);
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

  erlangC(b: z.infer<typeof ErlangCBody>) {
    return domain(() => erlangCResponse(erlangCMetrics({ ...(b as LoadInput), agents: b.agents, targetSeconds: b.targetSeconds ?? this.config.HOTLINE_SL_SECONDS })));
  }

  erlangA(b: z.infer<typeof ErlangABody>) {
    return domain(() => erlangAResponse(erlangAMetrics({ ...(b as LoadInput), agents: b.agents, patienceSeconds: b.patienceSeconds, targetSeconds: b.targetSeconds ?? this.config.HOTLINE_SL_SECONDS })));
  }

  staffC(b: z.infer<typeof StaffCBody>) {
    return domain(() => staffingResponse('C', staffErlangC({ ...(b as LoadInput), ...b, targetSeconds: b.targetSeconds ?? this.config.HOTLINE_SL_SECONDS }), erlangCResponse));
  }

  staffA(b: z.infer<typeof StaffABody>) {
    return domain(() => staffingResponse('A', staffErlangA({ ...(b as LoadInput), ...b, targetSeconds: b.targetSeconds ?? this.config.HOTLINE_SL_SECONDS }), erlangAResponse));
  }
}
