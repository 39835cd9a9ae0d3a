import { ref, type Ref, type ShallowRef } from 'vue';
import type { API, BodyOf, ResponseOf } from '@hotline/contracts';
import { ApiError, api } from '../api';
import type { RosterError, VersionDetail } from './roster';

/** A planning job as the planner follows it (before its first answer, only what starting it said). */
export type PlanningJob = Omit<ResponseOf<typeof API.rosterJob>, 'createdAt' | 'finishedAt'>;

/** What following a planning job needs of the roster store: the version shown, its error, and how to list and open versions. */
export interface PlanningJobContext {
  version: ShallowRef<VersionDetail | null>;
  error: Ref<RosterError | null>;
  fail: (e: unknown) => void;
  loadVersions: () => Promise<void>;
  open: (id: number) => Promise<void>;
}

/**
 * The roster store's planning jobs (POST /api/roster/plans, then GET /api/roster/jobs/{jobId} until it ends): the
 * job followed, the notice of a better roster opened by its background search, and stop / cancel.
 */
export function usePlanningJob({ version, error, fail, loadVersions, open }: PlanningJobContext) {
  const job = ref<PlanningJob | null>(null);

  /**
   * Starts a planning job and follows it to its draft. Resolves `false` when the API refused the request (the form
   * stays open with the error), `true` once the job was accepted (its end is awaited in the background).
   */
  async function plan(body: BodyOf<typeof API.rosterPlan>): Promise<boolean> {
    error.value = null;
    let started: ResponseOf<typeof API.rosterPlan>;
    try {
      started = await api.rosterPlan(body);
    } catch (e) {
      fail(e);
      return false;
    }
    void follow(started);
    return true;
  }

  /** The versions the followed job stored (its answer, then each better roster of its background search). */
  const jobVersions = new Set<number>();
  /** The version number of a better roster just opened by the background search (a notice), or null. */
  const improvedTo = ref<number | null>(null);

  /**
   * Follows a planning job: its answer is opened as soon as it is stored, and while the job keeps improving in the
   * background each better version replaces the one shown — unless the planner opened another version or edited the
   * one shown meanwhile (then the versions list still gains it). Polls every 0.7 s (1.5 s while improving).
   */
  async function follow(started: ResponseOf<typeof API.rosterPlan>): Promise<void> {
    try {
      job.value = { jobId: started.jobId, state: started.state, progress: null, result: null, failedReason: null };
      jobVersions.clear();
      improvedTo.value = null;
      for (;;) {
        const current = await api.rosterJob(started.jobId);
        // Another job was started meanwhile: that one is followed now.
        if (job.value?.jobId !== started.jobId) return;
        const best = current.result?.versionId;
        if (best !== undefined && !jobVersions.has(best)) {
          const shown = version.value;
          const follows = jobVersions.size === 0 || !shown || (jobVersions.has(shown.id) && shown.revision === 0);
          const first = jobVersions.size === 0;
          jobVersions.add(best);
          await loadVersions();
          if (follows) {
            await open(best);
            if (!first) improvedTo.value = version.value?.version ?? null;
          }
          if (job.value?.jobId !== started.jobId) return;
        }
        // The job's status (its version number) is shown once the version it names is open: they never disagree.
        job.value = current;
        if (current.state === 'completed') return;
        if (current.state === 'failed') {
          if (current.failedReason !== 'cancelled') error.value = { status: 0, code: 'job_failed', message: current.failedReason ?? '' };
          return;
        }
        await new Promise((r) => setTimeout(r, current.progress?.improve ? 1500 : 700));
      }
    } catch (e) {
      // A waiting job that was cancelled is removed: it is gone, not failed.
      if (e instanceof ApiError && e.status === 404 && job.value?.jobId === started.jobId) job.value = { ...job.value, state: 'failed', failedReason: 'cancelled' };
      else fail(e);
    }
  }

  /** Sends `call` for the followed planning job (none: nothing is sent); a refusal is shown as the store's error. */
  async function toJob(call: (jobId: string) => Promise<unknown>): Promise<void> {
    const current = job.value;
    if (!current) return;
    try {
      await call(current.jobId);
    } catch (e) {
      fail(e);
    }
  }

  /** Stops the running planning job's search: it completes with the best version found (nothing is discarded). */
  const stopJob = (): Promise<void> => toJob(api.rosterStop);

  /** Cancels the running planning job (its drafts are discarded). */
  const cancelJob = (): Promise<void> => toJob(api.rosterCancel);

  return { job, improvedTo, plan, stopJob, cancelJob };
}
