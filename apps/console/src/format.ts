import { ApiError } from './api';
import { apiErrorKey } from './locales/errors';

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
 * The message of a refusal of the API: the console's words for its code (`apiErrors.*`, locales/errors.ts) before
 * the server's own message (`记录不存在：no roster version 7`); the server's message alone for a code without words.
 */
export function apiErrorText(e: ApiError, t: Translate): string {
  const key = `apiErrors.${apiErrorKey(e.code)}`;
  const text = t(key);
  return text && text !== key ? t('apiErrorLine', { text, message: e.message }) : e.message;
}

/**
 * A refusal of the API in the user's words from the `{scope}.errors.*` messages (Chinese first): `network` when the
 * server was not reached, `forbidden` for 403, `field` when the answer names a field (shown as `label(field)`), else
 * `server` with the status; all but `network` carry the refusal's message ({@link apiErrorText}).
 */
export function refusalText(e: unknown, t: Translate, scope: string, label: (field: string) => string = (field) => field): string {
  if (!(e instanceof ApiError)) return t(`${scope}.errors.network`);
  const message = apiErrorText(e, t);
  if (e.status === 403) return t(`${scope}.errors.forbidden`, { message });
  if (e.field) return t(`${scope}.errors.field`, { field: label(e.field), message });
  return t(`${scope}.errors.server`, { status: e.status, message });
}
