/**
 * Readers of interval-count series that are not call records (pure: text in, history out; the caller reads the
 * file). Both are foreign series whose time zone the source does not state, so their wall-clock times are kept
 * as they are written and labelled in `UTC` (no daylight-saving shift is applied).
 *
 * - `us-bank-5min`: shared/data/us-bank-calls-5min (R package fpp2, data set `calls`: calls handled per 5 minutes
 *   by a large North American bank, weekdays 07:00-21:05, 169 slots a day). Columns `date, interval_start, slot,
 *   calls`. Aggregated to `intervalMinutes` (30 by default: 6 slots a half hour; the 21:00 half hour holds only
 *   the one slot 21:00-21:05 the data have). Weekends and the missing weekdays are absent days.
 * - `psap-hourly`: shared/data/psap-911-hourly-answer-times (weekly reports of a US emergency communications
 *   centre, 24/7): one row per clock hour, `DateTime` `M/D/YYYY H:MM`; arrivals = `Total` (911 + administrative
 *   lines offered, abandons included). Forecast hourly (intervalMinutes 60). The daylight-saving night
 *   (2025-11-02) has one 01:00 row that covers two clock hours; it is kept as written.
 */
import { ForecastInputError } from './errors';
import { type ArrivalHistory, type DayCounts, intervalsPerDay, regroupHistory } from './history';

/** The zone label of a foreign series read as wall-clock time. */
export const WALL_CLOCK_ZONE = 'UTC';

function lines(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
}

/** An unreadable line: `field` names the text (`text`, or `texts[i]` of several), so a caller can name its file. */
function bad(line: number, detail: string, field = 'text'): ForecastInputError {
  return new ForecastInputError('invalid', field, `line ${line}: ${detail}`);
}

function toHistory(byDay: Map<string, number[]>, intervalMinutes: number): ArrivalHistory {
  const days: DayCounts[] = [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, counts]) => ({ day, counts }));
  return { intervalMinutes, timeZone: WALL_CLOCK_ZONE, days };
}

/**
 * Reads the US bank's 5-minute counts (`date,interval_start,slot,calls`) into a history of `intervalMinutes`.
 *
 * @param text the CSV file's text.
 * @param intervalMinutes length of the history's intervals, a multiple of 5 dividing 1440 (default 30).
 * @returns the history (zone `UTC` = the source's wall clock), one day per date in the file.
 * @throws ForecastInputError `text` naming the line when the header or a row cannot be read.
 * @example
 * parseUsBank5min('date,interval_start,slot,calls\n2003-03-03,07:00,1,111\n2003-03-03,07:05,2,113\n').days[0].counts[14]; // 224
 */
export function parseUsBank5min(text: string, intervalMinutes = 30): ArrivalHistory {
  const rows = lines(text);
  if (rows[0]?.trim() !== 'date,interval_start,slot,calls') throw bad(1, `expected the header date,interval_start,slot,calls; found ${JSON.stringify(rows[0] ?? '')}`);
  const byDay = new Map<string, number[]>();
  const perDay = intervalsPerDay(5);
  rows.slice(1).forEach((row, i) => {
    const f = row.split(',');
    const m = /^(\d{1,2}):(\d{2})$/.exec(f[1]?.trim() ?? '');
    const calls = Number(f[3]);
    if (f.length !== 4 || !/^\d{4}-\d{2}-\d{2}$/.test(f[0]) || !m || !Number.isFinite(calls) || calls < 0) throw bad(i + 2, `cannot read ${JSON.stringify(row)}`);
    const minute = Number(m[1]) * 60 + Number(m[2]);
    if (minute % 5 !== 0 || minute >= 1440) throw bad(i + 2, `interval_start ${f[1]} is not on a 5-minute boundary`);
    let counts = byDay.get(f[0]);
    if (!counts) byDay.set(f[0], (counts = new Array<number>(perDay).fill(0)));
    counts[minute / 5] += calls;
  });
  const history = toHistory(byDay, 5);
  return intervalMinutes === 5 ? history : regroupHistory(history, intervalMinutes);
}

/**
 * Reads one or more weekly files of the 911 centre (`DateTime,Hour,...,Total,...`) into an hourly history of
 * offered calls (`Total`).
 *
 * @param texts the files' texts (e.g. weeks 44, 45 and 46), in any order; an hour given twice is an error.
 * @returns the hourly history (zone `UTC` = the source's wall clock).
 * @throws ForecastInputError `texts[i]` (the i-th text) naming the line for an unreadable row or a repeated hour.
 */
export function parsePsapHourly(texts: readonly string[]): ArrivalHistory {
  const byDay = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const [t, text] of texts.entries()) {
    const field = `texts[${t}]`;
    const rows = lines(text);
    const header = (rows[0] ?? '').split(',');
    const at = header.indexOf('DateTime');
    const total = header.indexOf('Total');
    if (at < 0 || total < 0) throw bad(1, 'expected a header with DateTime and Total columns', field);
    rows.slice(1).forEach((row, i) => {
      const f = row.split(',');
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):00$/.exec(f[at]?.trim() ?? '');
      const calls = Number(f[total]);
      if (!m || !Number.isFinite(calls) || calls < 0 || Number(m[4]) > 23) throw bad(i + 2, `cannot read ${JSON.stringify(row.slice(0, 40))}`, field);
      const day = `${m[3]}-${m[1].padStart(2, '0')}-${m[2].padStart(2, '0')}`;
      const key = `${day} ${Number(m[4])}`;
      if (seen.has(key)) throw bad(i + 2, `hour ${key} is given twice`, field);
      seen.add(key);
      let counts = byDay.get(day);
      if (!counts) byDay.set(day, (counts = new Array<number>(24).fill(0)));
      counts[Number(m[4])] = calls;
    });
  }
  return toHistory(byDay, 60);
}
