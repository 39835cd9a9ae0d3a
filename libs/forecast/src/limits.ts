/**
 * Limits of the planner's inputs, and the checks every front end shares.
 */

/** The most agents one interval may be given or required to have (as libs/erlang's cap on the offered load). */
export const MAX_AGENTS = 100_000;

/**
 * Realistic ranges of the planner's inputs, one table for the API (a 400 naming the field), the CLI (exit 2
 * naming the flag) and the console (a message at the field). The library's own checks are mathematical (a share in
 * [0, 1], an AHT > 0); these bound what a planner can mean. With MAX_REQUIREMENT_WORK (requirement.ts) they keep
 * every call short.
 */
export const PLANNER_LIMITS = {
  /** Weeks to forecast, whole. */
  weeks: { min: 1, max: 12 },
  /** Weeks of history a forecast from the ledger reads, whole. */
  historyWeeks: { min: 1, max: 104 },
  /** Years a date may name (the contract's era, not year 0 or 9999). */
  year: { min: 1990, max: 2100 },
  /** AHT, patience and the answer-time target, seconds: at most a day. */
  maxSeconds: 86_400,
  /** Expected requests in one interval. */
  maxArrivalsPerInterval: 1_000_000,
  /** Intervals in one requirement what-if. */
  maxIntervals: 20_000,
  /** Business minimum of agents in every interval. */
  maxMinAgents: 1_000,
  /** Agents on duty in one interval. */
  maxAgents: MAX_AGENTS,
} as const;

/** True when `day` (`YYYY-MM-DD`) names a year within {@link PLANNER_LIMITS}.year. */
export function dayInPlannerYears(day: string): boolean {
  const year = Number(day.slice(0, 4));
  return year >= PLANNER_LIMITS.year.min && year <= PLANNER_LIMITS.year.max;
}

/** True when `name` is a time zone the runtime knows (an IANA name such as `Asia/Shanghai`, or `UTC`). */
export function isTimeZone(name: unknown): name is string {
  if (typeof name !== 'string' || name === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
