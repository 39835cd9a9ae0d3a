/** Formatting for the wallboard: durations and rates as a hall reads them. */

/** Seconds as `m:ss`, or `h:mm:ss` from an hour (negative or unknown: `0:00`). */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Seconds between two ISO instants (b - a), at least 0. */
export function secondsBetween(a: string, b: string): number {
  return Math.max(0, (Date.parse(b) - Date.parse(a)) / 1000);
}

/** A percent string as shown (`91.00` -> `91.0%`), `—` when unknown. */
export function rateText(rate: string | null): string {
  return rate === null ? '—' : `${Number(rate).toFixed(1)}%`;
}

/** Local `HH:MM:SS` of an instant in a zone. */
export function clockText(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
