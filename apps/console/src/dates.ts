import { parseMonthKey } from '@hotline/events';
import { ref, type Ref } from 'vue';

/**
 * `text` as a calendar day `YYYY-MM-DD` when it names one exactly (2026-02-30, 2026-13-01 are not), else null.
 * Element Plus's date pickers parse typed text leniently (2026-02-30 rolls over to 2026-03-02); this is the strict check.
 */
export function strictDay(text: string): string | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * `text` as a month `YYYY-MM` when it is a string naming one exactly (2026-13 is not), else null (also for a route
 * query's array or absent value): parseMonthKey of libs/events.
 */
export function strictMonth(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const t = text.trim();
  try {
    parseMonthKey(t);
    return t;
  } catch {
    return null;
  }
}

/**
 * Watches what the user types into an Element Plus date picker, which silently rolls an impossible typed date over
 * (2026-02-30 -> 2026-03-02) or drops text it cannot parse. Put `@input="typed.onInput"` on an element wrapping the
 * picker (the inner input's native `input` events bubble to it), `@clear="typed.reset"` on the picker, and ask
 * `typed.valid(value)` with the picker's value before using it: false when the last typed text is a full date that
 * does not exist, or when text was typed but the picker holds no value (the value must then be refused with a
 * message). Text left over from typing before a pick in the panel (incomplete, so not a date) does not count.
 * `reset()` after the form is used or the value refused.
 */
export function useTypedDate(): { text: Ref<string>; onInput: (e: Event) => void; valid: (value: string | null | undefined) => boolean; reset: () => void } {
  const text = ref('');
  return {
    text,
    onInput: (e: Event) => {
      if (e.target instanceof HTMLInputElement) text.value = e.target.value;
    },
    valid: (value) => {
      const typed = text.value.trim();
      if (!typed) return true;
      if (!value) return false;
      // a date typed in full (a date-time picker's text starts with one) must exist
      const day = /^\d{4}-\d{1,2}-\d{1,2}(?=$|\s)/.exec(typed);
      return !day || strictDay(day[0]) !== null;
    },
    reset: () => {
      text.value = '';
    },
  };
}
