/**
 * Arrival history: calls per interval of each local day, and the model inputs measured from call records
 * (AHT per interval, callers' patience, the shares of requests that reach the agents or end in the IVR).
 *
 * A day is a local calendar day of the hotline's zone (Asia/Shanghai by default) cut into
 * 1440 / intervalMinutes intervals aligned on local midnight (48 half hours); interval k starts at local
 * k·intervalMinutes minutes. Days follow each other without any special case at midnight: a forecast or a
 * shift that crosses midnight is simply the last intervals of one day and the first of the next. In a zone
 * with daylight saving the intervals follow the wall clock (the repeated hour is counted in one interval).
 */
import { type AhtEstimate, type PatienceEstimate, estimateAht, estimatePatience } from '@hotline/erlang';
import { addDays, dayKey, daysBetween, instantToLocal, localToInstant, parseDayKey } from '@hotline/events';
import { ForecastInputError } from './errors';

/** Calls that arrived in each interval of one local day. */
export interface DayCounts {
  /** Local date `YYYY-MM-DD`. */
  day: string;
  /** Calls per interval, interval k starting at local k·intervalMinutes; length 1440 / intervalMinutes; each >= 0. */
  counts: number[];
}

/**
 * Observed arrivals: the days in ascending order, each at most once. A day that is absent was not observed (a
 * missing file day, a day the centre was closed); a day that is present with zeros had no calls.
 */
export interface ArrivalHistory {
  /** Interval length in minutes; divides 1440 (30 for the hotline, 60 for an hourly series). */
  intervalMinutes: number;
  /** IANA zone of the days and intervals (`Asia/Shanghai`; `UTC` for a foreign series read as wall-clock time). */
  timeZone: string;
  /** The observed days, ascending. */
  days: DayCounts[];
}

/** Intervals in a day for an interval length. @throws ForecastInputError when the length does not divide 1440. */
export function intervalsPerDay(intervalMinutes: number): number {
  if (!Number.isInteger(intervalMinutes) || intervalMinutes <= 0 || 1440 % intervalMinutes !== 0) {
    throw new ForecastInputError('out-of-range', 'intervalMinutes', `must be a whole number of minutes dividing 1440 (got ${intervalMinutes})`);
  }
  return 1440 / intervalMinutes;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Local wall-clock label `HH:MM` of interval k of a day (k from 0; `intervalLabelAt(47, 30)` is `23:30`).
 * (`intervalLabel` of @hotline/events labels an instant instead.)
 */
export function intervalLabelAt(k: number, intervalMinutes: number): string {
  const minutes = k * intervalMinutes;
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/**
 * UTC instant (ISO 8601) at which interval k of local day `day` starts in `timeZone`.
 * @throws RangeError (from @hotline/events localToInstant) for a day that is not `YYYY-MM-DD` or an unknown zone.
 * @example intervalStartIso('2025-03-02', 0, 30, 'Asia/Shanghai'); // '2025-03-01T16:00:00.000Z'
 */
export function intervalStartIso(day: string, k: number, intervalMinutes: number, timeZone: string): string {
  const minutes = k * intervalMinutes;
  return localToInstant({ ...parseDayKey(day), hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 }, timeZone).toISOString();
}

/** Local day `YYYY-MM-DD` and interval index k (from 0) of an instant (epoch ms) in `timeZone`. */
export function intervalOf(instantMs: number, timeZone: string, intervalMinutes: number): { day: string; k: number } {
  const instant = new Date(instantMs);
  const l = instantToLocal(instant, timeZone);
  return { day: dayKey(instant, timeZone), k: Math.floor((l.hour * 60 + l.minute) / intervalMinutes) };
}

/**
 * Checks a history: interval length, ascending unique days, counts of the right length, finite and >= 0.
 * @throws ForecastInputError naming the field (`history.days[3].counts[7]`).
 */
export function validateHistory(history: ArrivalHistory): void {
  const n = intervalsPerDay(history.intervalMinutes);
  let previous: string | undefined;
  history.days.forEach((d, i) => {
    try {
      parseDayKey(d.day);
    } catch {
      throw new ForecastInputError('invalid', `history.days[${i}].day`, `must be a date YYYY-MM-DD (got ${JSON.stringify(d.day)})`);
    }
    if (previous !== undefined && d.day <= previous) throw new ForecastInputError('invalid', `history.days[${i}].day`, `must come after ${previous} (days ascending, each once)`);
    previous = d.day;
    if (d.counts.length !== n) throw new ForecastInputError('invalid', `history.days[${i}].counts`, `must have ${n} intervals (got ${d.counts.length})`);
    d.counts.forEach((c, k) => {
      if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) throw new ForecastInputError('out-of-range', `history.days[${i}].counts[${k}]`, `must be a finite number >= 0 (got ${String(c)})`);
    });
  });
}

/** Options of {@link arrivalHistoryFromInstants}. */
export interface InstantHistoryOptions {
  /** IANA zone of the days (default Asia/Shanghai). */
  timeZone?: string;
  /** Interval length in minutes (default 30). */
  intervalMinutes?: number;
  /** First day to include (default: the day of the earliest arrival). */
  from?: string;
  /** Last day to include, inclusive (default: the day of the latest arrival). */
  to?: string;
}

/**
 * Counts arrivals per interval of each local day. Every day from `from` to `to` is present (a day without calls
 * has zeros: on a 24/7 line that is data, not a gap); arrivals outside the range are ignored.
 *
 * @param instants arrival instants, epoch milliseconds (UTC), in any order.
 * @returns the history, days ascending.
 * @throws ForecastInputError for a bad interval length or date.
 * @example
 * arrivalHistoryFromInstants([Date.parse('2025-03-01T16:10:00Z')], { timeZone: 'Asia/Shanghai' });
 * // { intervalMinutes: 30, days: [{ day: '2025-03-02', counts: [1, 0, ...] }] }  (00:10 local is interval 0)
 */
export function arrivalHistoryFromInstants(instants: readonly number[], options: InstantHistoryOptions = {}): ArrivalHistory {
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const intervalMinutes = options.intervalMinutes ?? 30;
  const n = intervalsPerDay(intervalMinutes);
  const located = instants.map((t) => intervalOf(t, timeZone, intervalMinutes));
  let from = options.from;
  let to = options.to;
  for (const { day } of located) {
    if (options.from === undefined && (from === undefined || day < from)) from = day;
    if (options.to === undefined && (to === undefined || day > to)) to = day;
  }
  if (from === undefined || to === undefined) return { intervalMinutes, timeZone, days: [] };
  for (const [field, value] of [['from', from], ['to', to]] as const) {
    try {
      parseDayKey(value);
    } catch {
      throw new ForecastInputError('invalid', field, `must be a date YYYY-MM-DD (got ${JSON.stringify(value)})`);
    }
  }
  const span = daysBetween(from, to) + 1;
  if (span <= 0) return { intervalMinutes, timeZone, days: [] };
  const days: DayCounts[] = Array.from({ length: span }, (_, i) => ({ day: addDays(from, i), counts: new Array<number>(n).fill(0) }));
  for (const { day, k } of located) {
    const i = daysBetween(from, day);
    if (i >= 0 && i < span) days[i].counts[k] += 1;
  }
  return { intervalMinutes, timeZone, days };
}

/**
 * Merges intervals into longer ones (e.g. 5-minute counts into half hours): each new interval is the sum of the
 * old ones it contains.
 * @throws ForecastInputError when the new length is not a multiple of the old one or does not divide 1440.
 */
export function regroupHistory(history: ArrivalHistory, intervalMinutes: number): ArrivalHistory {
  const n = intervalsPerDay(intervalMinutes);
  if (intervalMinutes % history.intervalMinutes !== 0) {
    throw new ForecastInputError('invalid', 'intervalMinutes', `must be a multiple of the history's ${history.intervalMinutes} minutes (got ${intervalMinutes})`);
  }
  const factor = intervalMinutes / history.intervalMinutes;
  return {
    intervalMinutes,
    timeZone: history.timeZone,
    days: history.days.map((d) => ({
      day: d.day,
      counts: Array.from({ length: n }, (_, k) => d.counts.slice(k * factor, (k + 1) * factor).reduce((a, b) => a + b, 0)),
    })),
  };
}

/** The days of a history in [from, to) (`YYYY-MM-DD`, `to` exclusive); either bound may be omitted. Never throws. */
export function sliceHistory(history: ArrivalHistory, from?: string, to?: string): ArrivalHistory {
  return { ...history, days: history.days.filter((d) => (from === undefined || d.day >= from) && (to === undefined || d.day < to)) };
}

/** One observed interval, for charts and tables. */
export interface ObservedInterval {
  /** UTC instant the interval starts, ISO 8601. */
  start: string;
  /** Local date `YYYY-MM-DD`. */
  day: string;
  /** Local start `HH:MM`. */
  label: string;
  /** Calls that arrived in the interval. */
  arrivals: number;
}

/**
 * A history as a flat list of intervals (every interval of every observed day), in time order: `{ start (ISO),
 * day, label, arrivals }`.
 */
export function historyIntervals(history: ArrivalHistory): ObservedInterval[] {
  const out: ObservedInterval[] = [];
  for (const d of history.days) {
    d.counts.forEach((arrivals, k) => {
      out.push({ start: intervalStartIso(d.day, k, history.intervalMinutes, history.timeZone), day: d.day, label: intervalLabelAt(k, history.intervalMinutes), arrivals });
    });
  }
  return out;
}

/**
 * One call of the ledger, as much as the forecast needs (a subset of libs/kpi's CallRecord): instants in epoch
 * milliseconds, durations in seconds.
 */
export interface CallHistoryRecord {
  /** When the request reached the hotline (its interval is the one the call counts in). */
  offeredAt: number;
  /** answered (by an agent) | ivr (completed in self-service) | abandoned | pending (still open). */
  outcome: 'answered' | 'ivr' | 'abandoned' | 'pending';
  /** Where an abandoned call was lost: in the IVR or in the agent queue. */
  abandonWhere?: 'ivr' | 'queue' | null;
  /** Time in queue: until answered, or until hanging up for a queue abandon. */
  waitSeconds?: number | null;
  /** Talk time of an answered call. */
  talkSeconds?: number | null;
  /** After-call work of an answered call. */
  wrapSeconds?: number | null;
}

/** The shares of requests by where they ended, over settled calls (pending calls left out). */
export interface RequestShares {
  /** Settled requests (answered + ivr + abandoned). */
  requests: number;
  /** Calls offered to agents: agent-answered + abandoned in the queue. */
  agentOffered: number;
  agentAnswered: number;
  ivrAnswered: number;
  abandonedInQueue: number;
  /** Abandoned in the IVR (or before it): lost whatever the staffing. */
  abandonedInIvr: number;
  /** Calls still open (not in any share). */
  pending: number;
  /** agentOffered / requests: the fraction of requests that reach the agent queue (1 when there are no requests). */
  agentShare: number;
  /** ivrAnswered / requests: the fraction of requests completed in self-service (0 when there are no requests). */
  ivrAnsweredShare: number;
}

/** What {@link summarizeCalls} measures from call records. */
export interface CallHistorySummary {
  /** Arrivals (every request, pending included) per interval of each day. */
  history: ArrivalHistory;
  /** AHT (talk + wrap) of answered calls with a handle time > 0; null when there is none. Source: libs/erlang estimateAht. */
  aht: AhtEstimate | null;
  /**
   * AHT per interval of the day (index k as in the history), in seconds: the interval's mean handle time
   * credibility-weighted towards the overall AHT, (n_k·mean_k + 30·AHT) / (n_k + 30), so an interval with few
   * calls keeps close to the overall mean. Null when there is no AHT.
   */
  ahtByInterval: number[] | null;
  /**
   * Mean patience from queued callers (libs/erlang estimatePatience: θ̂ = queue abandons / Σ waits of answered
   * and abandoned-in-queue calls, the censored-exponential MLE of Brown et al., JASA 2005). Null when no call
   * reached the queue.
   */
  patience: PatienceEstimate | null;
  /** Where the settled requests ended. */
  shares: RequestShares;
  /**
   * The same two shares per interval of the day (index k as in the history): Σ offered to agents / Σ settled
   * requests of that interval over the history, and Σ IVR-answered / Σ settled requests; the overall shares where
   * an interval had no settled request. A centre that is closed at night sends its night calls to the IVR only,
   * and a 24/7 line has about the overall shares in every interval.
   */
  sharesByInterval: { agentShare: number[]; ivrAnsweredShare: number[] };
}

/** Weight, in calls, that the overall AHT carries in each interval's AHT (credibility weighting). */
export const AHT_CREDIBILITY_CALLS = 30;

/**
 * Measures the forecast's and the requirement's inputs from call records: arrivals per interval, AHT overall and
 * per interval, patience, and the shares of requests that reach the agents or end in the IVR.
 *
 * @param calls call records (offeredAt epoch ms, outcome, waits and handle times in seconds).
 * @param options zone, interval length (default 30), and the days to include (default: all).
 * @returns the {@link CallHistorySummary}.
 * @throws ForecastInputError for a bad interval length or date.
 */
export function summarizeCalls(calls: readonly CallHistoryRecord[], options: InstantHistoryOptions = {}): CallHistorySummary {
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const intervalMinutes = options.intervalMinutes ?? 30;
  const n = intervalsPerDay(intervalMinutes);
  const history = arrivalHistoryFromInstants(calls.map((c) => c.offeredAt), { ...options, timeZone, intervalMinutes });
  const first = history.days[0]?.day;
  const last = history.days.at(-1)?.day;
  const inRange = calls.filter((c) => {
    if (first === undefined || last === undefined) return false;
    const day = dayKey(new Date(c.offeredAt), timeZone);
    return day >= first && day <= last;
  });
  const handle: number[] = [];
  const handleSum = new Array<number>(n).fill(0);
  const handleCount = new Array<number>(n).fill(0);
  const waits: { waitSeconds: number; abandoned: boolean }[] = [];
  const settledByInterval = new Array<number>(n).fill(0);
  const agentByInterval = new Array<number>(n).fill(0);
  const ivrByInterval = new Array<number>(n).fill(0);
  const counts = { agentAnswered: 0, ivrAnswered: 0, abandonedInQueue: 0, abandonedInIvr: 0, pending: 0 };
  for (const c of inRange) {
    const { k } = intervalOf(c.offeredAt, timeZone, intervalMinutes);
    if (c.outcome !== 'pending') settledByInterval[k] += 1;
    if (c.outcome === 'answered' || (c.outcome === 'abandoned' && c.abandonWhere === 'queue')) agentByInterval[k] += 1;
    if (c.outcome === 'ivr') ivrByInterval[k] += 1;
    switch (c.outcome) {
      case 'answered': {
        counts.agentAnswered += 1;
        waits.push({ waitSeconds: Math.max(0, c.waitSeconds ?? 0), abandoned: false });
        const h = (c.talkSeconds ?? 0) + (c.wrapSeconds ?? 0);
        // A handle time of 0 s is a record artefact (no call is handled in no time), not a short call.
        if (c.talkSeconds !== null && c.talkSeconds !== undefined && h > 0) {
          handle.push(h);
          handleSum[k] += h;
          handleCount[k] += 1;
        }
        break;
      }
      case 'ivr':
        counts.ivrAnswered += 1;
        break;
      case 'abandoned':
        if (c.abandonWhere === 'queue') {
          counts.abandonedInQueue += 1;
          waits.push({ waitSeconds: Math.max(0, c.waitSeconds ?? 0), abandoned: true });
        } else counts.abandonedInIvr += 1;
        break;
      case 'pending':
        counts.pending += 1;
        break;
    }
  }
  const aht = handle.length ? estimateAht(handle) : null;
  const ahtByInterval = aht
    ? handleSum.map((sum, k) => (sum + AHT_CREDIBILITY_CALLS * aht.ahtSeconds) / (handleCount[k] + AHT_CREDIBILITY_CALLS))
    : null;
  const patience = waits.length ? estimatePatience(waits) : null;
  const requests = counts.agentAnswered + counts.ivrAnswered + counts.abandonedInQueue + counts.abandonedInIvr;
  const agentOffered = counts.agentAnswered + counts.abandonedInQueue;
  const agentShare = requests === 0 ? 1 : agentOffered / requests;
  const ivrAnsweredShare = requests === 0 ? 0 : counts.ivrAnswered / requests;
  return {
    history,
    aht,
    ahtByInterval,
    patience,
    shares: {
      requests,
      agentOffered,
      ...counts,
      agentShare,
      ivrAnsweredShare,
    },
    sharesByInterval: {
      agentShare: settledByInterval.map((m, k) => (m === 0 ? agentShare : agentByInterval[k] / m)),
      ivrAnsweredShare: settledByInterval.map((m, k) => (m === 0 ? ivrAnsweredShare : ivrByInterval[k] / m)),
    },
  };
}
