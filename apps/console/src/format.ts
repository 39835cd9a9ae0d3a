import { ApiError } from './api';

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

/** The `t` of vue-i18n, as the helpers below take it. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * A refusal of the API in the user's words from the `{scope}.errors.*` messages (Chinese first): `network` when the
 * server was not reached, `forbidden` for 403, `field` when the answer names a field (shown as `label(field)`), else
 * `server` with the status; all but `network` carry the server's message.
 */
export function refusalText(e: unknown, t: Translate, scope: string, label: (field: string) => string = (field) => field): string {
  if (!(e instanceof ApiError)) return t(`${scope}.errors.network`);
  if (e.status === 403) return t(`${scope}.errors.forbidden`, { message: e.message });
  if (e.field) return t(`${scope}.errors.field`, { field: label(e.field), message: e.message });
  return t(`${scope}.errors.server`, { status: e.status, message: e.message });
}
