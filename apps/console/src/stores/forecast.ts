import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { API, QueryOf, ResponseOf } from '@hotline/contracts';
import { ApiError, api } from '../api';

/** Query of GET /api/forecast (every field optional; the server's defaults apply: `from` is the feed clock's day). */
type ForecastParams = QueryOf<typeof API.forecast>;

/** Why the last forecast request failed: the server's status, code, message and the query field at fault. */
export interface ForecastLoadError {
  status: number;
  code: string;
  message: string;
  field?: string;
}

/**
 * The planner's forecast from the ledger (GET /api/forecast), shared by the planner's tabs. `report` is the last
 * forecast that loaded and `loaded` the parameters it was asked with; after a failed request `error` says why and
 * `report` stays the previous one, which the page then shows as out of date, never as current.
 */
export const useForecastStore = defineStore('forecast', () => {
  const report = shallowRef<ResponseOf<typeof API.forecast> | null>(null);
  const loaded = ref<ForecastParams | null>(null);
  const loading = ref(false);
  const error = ref<ForecastLoadError | null>(null);
  const params = ref<ForecastParams>({ weeks: 2 });
  let latest = 0;

  async function load(next: ForecastParams = params.value): Promise<void> {
    const request = ++latest;
    params.value = next;
    loading.value = true;
    error.value = null;
    try {
      const body = await api.forecast(next);
      if (request !== latest) return; // a newer request was made meanwhile
      report.value = body;
      loaded.value = next;
    } catch (e) {
      if (request !== latest) return;
      error.value = e instanceof ApiError ? { status: e.status, code: e.code, message: e.message, field: e.field } : { status: 0, code: 'network', message: String(e) };
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  return { report, loaded, loading, error, params, load };
});
