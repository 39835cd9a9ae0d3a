import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { apiMessage } from './forms';

/** What {@link useMonthData} gives a register tab. */
export interface MonthData<T> {
  /** The month's answer (shallow: replaced whole by each load); `initial` before the first answer and after a failure. */
  data: ShallowRef<T>;
  /** True while a load is under way (the table's / card's `v-loading`). */
  loading: Ref<boolean>;
  /** The last load's failure as a translated message (`apiMessage`: network, 403, 409, field, server), or null. */
  error: Ref<string | null>;
  /** Fetches the current month again (after a write; `void load()` from a `changed` handler). Never throws. */
  load: () => Promise<void>;
}

/**
 * The month-loading block every register tab shares: fetches `fetch(month())` at once and again whenever the month
 * changes (a `watch` with `immediate`), and on demand through `load`.
 *
 * Stale-answer rule: each load remembers the month it asked for; an answer that arrives after the month has changed
 * is dropped (neither `data` nor `onData` see it), so a slow answer for an earlier month never replaces the current
 * one. A failure empties `data` (back to `initial`) and sets `error`, as it always did in the tabs.
 *
 * Must be called in a component's `setup` (it uses `useI18n` and `watch`).
 * @param month the month shown (`YYYY-MM`), e.g. `() => props.month`.
 * @param fetch the API call for a month (`registersApi.complaints`...); an `ApiError` or network error is caught.
 * @param initial the value before any answer and after a failure (`[]`, `null`).
 * @param onData called with each current (non-stale) answer right after `data` is set (e.g. to fill a form from it).
 * @returns `{ data, loading, error, load }`.
 */
export function useMonthData<T>(month: () => string, fetch: (month: string) => Promise<T>, initial: T, onData?: (value: T) => void): MonthData<T> {
  const { t } = useI18n();
  const data = shallowRef(initial) as ShallowRef<T>;
  const loading = ref(false);
  const error = ref<string | null>(null);

  async function load(): Promise<void> {
    const asked = month();
    loading.value = true;
    error.value = null;
    try {
      const value = await fetch(asked);
      if (asked !== month()) return;
      data.value = value;
      onData?.(value);
    } catch (e) {
      data.value = initial;
      error.value = apiMessage(e, t);
    } finally {
      loading.value = false;
    }
  }
  watch(month, load, { immediate: true });

  return { data, loading, error, load };
}
