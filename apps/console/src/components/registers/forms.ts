import { reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { z } from 'zod';
import { entryWindow, type EntryKind, type MonthState, type PersonRef, type Stamp } from '@hotline/contracts';
import { ApiError } from '../../api';
import { apiErrorText, localTime } from '../../format';

/** The hotline's zone: days, months and wall-clock times of the registers are local to it. */
export const ZONE = 'Asia/Shanghai';
/** Its UTC offset (China has no daylight saving time): appended to picked local times to make ISO instants. */
export const ZONE_OFFSET = '+08:00';

/** The current month `YYYY-MM` in Beijing. */
export function currentMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
}

/** Today `YYYY-MM-DD` in Beijing. */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
}

/** A day of `month` to prefill a date field with: today when in it, else its first day. */
export function dayIn(month: string): string {
  const now = today();
  return now.startsWith(month) ? now : `${month}-01`;
}

/** A local time `YYYY-MM-DDTHH:mm:ss` of `month` to prefill a date-time field with: now when in it, else its first morning. */
export function timeIn(month: string): string {
  const now = localTime(new Date().toISOString(), ZONE).replace(' ', 'T');
  return now.startsWith(month) ? now : `${month}-01T09:00:00`;
}

/** The picker's day `YYYY-MM-DD` (the picker's dates are the browser's local midnights of the days it shows). */
function pickerDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * A date-picker filter for a day of a register entry: true (disabled) for days outside `month` or after the window
 * the API takes entries of `kind` in (entry-window.ts: up to today, a planned session up to 2 years ahead). The
 * window's first day follows the ledger's feed clock, which the console does not know: a day before it is refused
 * by the API, whose message names the window.
 */
export function outside(month: string, kind: EntryKind = 'happened'): (d: Date) => boolean {
  return (d: Date) => {
    const day = pickerDay(d);
    const w = entryWindow(kind, today());
    return day.slice(0, 7) !== month || day > w.to;
  };
}

/** A date-picker filter for the forecast's days (entry-window.ts `forecastMark` / `forecastSpecialDay`) around its clock day. */
export function outsideWindow(kind: EntryKind, clockDay: string): (d: Date) => boolean {
  const w = entryWindow(kind, clockDay);
  return (d: Date) => pickerDay(d) < w.from || pickerDay(d) > w.to;
}

/** A local wall-clock time (`YYYY-MM-DD HH:mm`) of an instant, or a dash. */
export function when(iso: string | null | undefined): string {
  return iso ? localTime(iso, ZONE).slice(0, 16) : '—';
}

/** A person as the registers show her: the display name (the login when she has none). */
export function who(person: PersonRef | null | undefined): string {
  return person ? person.name || person.login : '—';
}

/** `name · time` of a stamp, or a dash. */
export function stamp(s: Stamp | null | undefined): string {
  return s ? `${who(s.by)} · ${when(s.at)}` : '—';
}

/** Element Plus tag types of the month states. */
export const STATE_TAG: Record<MonthState, 'warning' | 'primary' | 'success'> = { open: 'warning', closed: 'primary', confirmed: 'success' };

/** The first segment of an error field (`attendees`, `scores.service` -> `scores`, `rows[3].rating` -> `rows`). */
function rootOf(field: string): string {
  return field.split(/[.[]/)[0] ?? field;
}

/**
 * A form's error state: one message per field (shown by its `ElFormItem :error`) and one for the whole form.
 * `check` validates the body with the contract's own schema before anything is sent (issues in the user's
 * language); `fromApi` places a refusal of the API beside the field it names, with the API's message.
 */
export function useFormErrors() {
  const { t, te } = useI18n();
  const errors = reactive<Record<string, string>>({});
  const general = ref<string | null>(null);

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key];
    general.value = null;
  }

  /** A zod issue in the user's words (the contract's own message for its refinements). */
  function describe(issue: z.core.$ZodIssue): string {
    switch (issue.code) {
      case 'too_small':
        if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? t('registers.form.required') : t('registers.form.minLength', { n: String(issue.minimum) });
        if (issue.origin === 'array') return t('registers.form.required');
        return t('registers.form.min', { n: String(issue.minimum) });
      case 'too_big':
        if (issue.origin === 'string') return t('registers.form.maxLength', { n: String(issue.maximum) });
        return t('registers.form.max', { n: String(issue.maximum) });
      case 'invalid_type':
        return t('registers.form.required');
      case 'invalid_value':
        return t('registers.form.choose');
      case 'invalid_format':
        return t('registers.form.format');
      default:
        return issue.message;
    }
  }

  /**
   * Validates `value` with the contract's schema.
   * @returns the parsed body, or null with the issues placed beside their fields.
   */
  function check<S extends z.ZodType>(schema: S, value: z.input<S>): z.output<S> | null {
    clear();
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const field = rootOf(issue.path.map(String).join('.')) || 'form';
      if (!errors[field]) errors[field] = issue.code === 'custom' && te(`registers.form.custom.${field}`) ? t(`registers.form.custom.${field}`) : describe(issue);
    }
    if (errors.form) general.value = errors.form;
    return null;
  }

  /**
   * Places a refusal: beside the field it names when the form has that field, else as the form's message.
   * @param fields the fields the form shows.
   */
  function fromApi(e: unknown, fields: readonly string[]): void {
    clear();
    if (!(e instanceof ApiError)) {
      general.value = t('registers.errors.network');
      return;
    }
    const field = e.field ? rootOf(e.field) : null;
    if (field && fields.includes(field)) errors[field] = e.message;
    else general.value = apiMessage(e, t);
  }

  return { errors, general, clear, check, fromApi };
}

/** A refusal of the API as one line: its status, the field it names and its message ({@link apiErrorText}). */
export function apiMessage(e: unknown, t: (key: string, values?: Record<string, unknown>) => string): string {
  if (!(e instanceof ApiError)) return t('registers.errors.network');
  const message = apiErrorText(e, t);
  if (e.status === 403) return t('registers.errors.forbidden', { message });
  if (e.status === 409) return t('registers.errors.conflict', { message });
  if (e.field) return t('registers.errors.field', { status: e.status, field: e.field, message });
  return t('registers.errors.server', { status: e.status, message });
}
