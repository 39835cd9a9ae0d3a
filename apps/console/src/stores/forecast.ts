import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ForecastReport } from '@hotline/forecast';
import { ApiError, api, type ForecastParams } from '../api';

/** The planner's forecast from the ledger (GET /api/forecast): loaded once, shared by the planner's tabs. */
export const useForecastStore = defineStore('forecast', () => {
  const report = shallowRef<ForecastReport | null>(null);
  const loading = ref(false);
  const error = ref<{ status: number; message: string } | null>(null);
  const params = ref<ForecastParams>({ weeks: 2 });

  async function load(next: ForecastParams = params.value): Promise<void> {
    params.value = next;
    loading.value = true;
    error.value = null;
    try {
      report.value = await api.forecast(next);
    } catch (e) {
      error.value = e instanceof ApiError ? { status: e.status, message: e.message } : { status: 0, message: String(e) };
    } finally {
      loading.value = false;
    }
  }

  return { report, loading, error, params, load };
});
