/** Seconds as m:ss (or h:mm:ss), for waits and handle times. */
export function clock(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

/** A percent string from the API ('93.45') with its sign, or a dash. */
export function pct(value: string | null | undefined): string {
  return value === null || value === undefined ? '–' : `${value}%`;
}

/** Local wall-clock time of an ISO instant in the hotline's zone. */
export function localTime(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString('sv-SE', { timeZone, hour12: false });
}
