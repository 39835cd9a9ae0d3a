/**
 * The window of local days (the hotline's zone) a dated entry may fall in: one table, read by the API (which
 * refuses an entry outside it with 400 naming the field) and by the console (whose date pickers disable the days
 * outside it). A supplier paid by the quarter enters late what belongs to last month or to the quarter the bureau is
 * assessing, so the registers reach back to the first day of the *previous* quarter (a whole month always: a month
 * is either open to entries or not, as the month sign-off treats it); a date decades back (1999) or far ahead is a
 * typing mistake. Things that happened end today; planned things may lie up to 2 years ahead. The forecast's days
 * follow the forecast's own clock (the feed clock: a replayed month is forecast from its own last day), the
 * registers and outages the feed clock too (a live ledger's is now).
 */
import { addDays } from '@hotline/events';

/** How far ahead a planned thing (a scheduled training, a forecast special day) may lie: 730 days (2 years). */
export const PLANNED_AHEAD_DAYS = 730;
/** How far back the forecast's days reach: 104 weeks (728 days), the longest history a forecast reads (libs/forecast PLANNER_LIMITS). */
export const FORECAST_BACK_DAYS = 728;

/**
 * The kinds of dated entry, each with its window:
 * - `happened` (a complaint received, an incident, a training held): from the first day of the quarter before the
 *   ledger's feed clock's (a live ledger's clock is now: the previous quarter; a ledger of replayed history keeps its
 *   own time, so its registers can be kept, and a test's dates never fall out of the window as the calendar moves
 *   on; without calls, today's) to today;
 * - `outage` (an outage window's start: its calls leave the ledger's connect rate): as `happened`, the quarters
 *   counted from the ledger's feed clock (the clock the KPIs and the score follow: a replayed month takes the
 *   outages of its own time), up to today or the feed clock's day when that is later;
 * - `planned` (a training not held yet): from where `happened` starts to today + {@link PLANNED_AHEAD_DAYS};
 * - `forecastMark` (a day of the forecast's history marked unusual or kept): the last {@link FORECAST_BACK_DAYS}
 *   days up to the feed clock's day (the day the forecast starts from by default; today without a ledger);
 * - `forecastSpecialDay` (a day the forecast treats as a holiday): the last {@link FORECAST_BACK_DAYS} days up to
 *   {@link PLANNED_AHEAD_DAYS} days after the feed clock's day.
 */
export const ENTRY_WINDOWS = {
  happened: { back: 'previous-quarter', aheadDays: 0, clock: 'today', backClock: "the quarter before the feed clock's" },
  planned: { back: 'previous-quarter', aheadDays: PLANNED_AHEAD_DAYS, clock: 'today', backClock: "the quarter before the feed clock's" },
  outage: { back: 'previous-quarter', aheadDays: 0, clock: "the later of today and the feed clock's day", backClock: "the quarter before the feed clock's" },
  forecastMark: { back: FORECAST_BACK_DAYS, aheadDays: 0, clock: "the feed clock's day", backClock: "the feed clock's day" },
  forecastSpecialDay: { back: FORECAST_BACK_DAYS, aheadDays: PLANNED_AHEAD_DAYS, clock: "the feed clock's day", backClock: "the feed clock's day" },
} as const satisfies Record<string, EntryRule>;
export type EntryKind = keyof typeof ENTRY_WINDOWS;

/** How far back (`previous-quarter`, or days) and ahead an entry may be dated, and the words naming both clocks. */
interface EntryRule {
  back: 'previous-quarter' | number;
  aheadDays: number;
  /** The day the window ends at (plus `aheadDays`). */
  clock: string;
  /** The day (or quarter) the window starts from. */
  backClock: string;
}

/** The first day `YYYY-MM-01` of the quarter before the one `today` (`YYYY-MM-DD`) is in: 2026-12-07 -> 2026-07-01. */
export function previousQuarterStart(today: string): string {
  const year = Number(today.slice(0, 4));
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3); // 0..3
  const [y, q] = quarter === 0 ? [year - 1, 3] : [year, quarter - 1];
  return `${String(y).padStart(4, '0')}-${String(q * 3 + 1).padStart(2, '0')}-01`;
}

/**
 * The days an entry of `kind` may be dated in when its clock (ENTRY_WINDOWS `clock`: today, or the feed clock's day
 * for the forecast's days) is at `today`, a local day `YYYY-MM-DD` in the hotline's zone, and the day it counts back
 * from (`backClock`) is `backFrom` (the same day but for outages): `from` and `to` inclusive, local days, each with
 * the words the refusal uses.
 */
export function entryWindow(kind: EntryKind, today: string, backFrom = today): { from: string; to: string; fromText: string; toText: string } {
  const rule: EntryRule = ENTRY_WINDOWS[kind];
  const from = rule.back === 'previous-quarter' ? previousQuarterStart(backFrom) : addDays(backFrom, -rule.back);
  const fromText = rule.back === 'previous-quarter' ? `the start of ${rule.backClock}` : `${rule.back} days before ${rule.backClock}`;
  return { from, to: addDays(today, rule.aheadDays), fromText, toText: rule.aheadDays === 0 ? rule.clock : `${rule.aheadDays} days after ${rule.clock}` };
}

/**
 * Why a local `day` is outside the window of `kind` ({@link entryWindow} at `today`, counted back from `backFrom`),
 * in words naming the window (`1999-01-01 is too far back: entries are dated from 2026-07-01 (the start of the
 * previous quarter) to 2026-12-07 (today)`); undefined when it is inside. Compares day keys (both `YYYY-MM-DD`), so the caller checks the day is on the calendar first.
 */
export function entryDayProblem(kind: EntryKind, day: string, today: string, backFrom = today): { side: 'before' | 'after'; message: string } | undefined {
  const w = entryWindow(kind, today, backFrom);
  const range = `entries are dated from ${w.from} (${w.fromText}) to ${w.to} (${w.toText})`;
  if (day < w.from) return { side: 'before', message: `${day} is too far back: ${range}` };
  if (day > w.to) return { side: 'after', message: `${day} is too far ahead: ${range}` };
  return undefined;
}
