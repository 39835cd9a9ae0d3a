import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { GainTable, type PreparedProblem, type Roster, type RosterEvaluation, evaluateRoster, prepareProblem } from '@hotline/roster';
import type { API, BodyOf, ResponseOf } from '@hotline/contracts';
import { ApiError, api } from '../api';

/** A roster version in a list, one with its cells and problem, a planning job (the contract's answers). */
type VersionItem = ResponseOf<typeof API.rosterVersions>[number];
type VersionDetail = ResponseOf<typeof API.rosterVersion>;
/** A planning job as the planner follows it (before its first answer, only what starting it said). */
type PlanningJob = Omit<ResponseOf<typeof API.rosterJob>, 'createdAt' | 'finishedAt'>;

/**
 * The planner's rosters: the versions (API), the one open, and its evaluation — computed in the browser with the
 * same library as the API (@hotline/roster over @hotline/erlang), so an edited cell shows its effect on the month's
 * connect rate at once; the edit is then saved (PATCH) in the background.
 */
/** Why the last roster action failed: the API's status, code, message and field; `job_failed` for a failed planning job. */
export interface RosterError {
  status: number;
  code: string;
  message: string;
  field?: string;
}

export const useRosterStore = defineStore('roster', () => {
  const versions = ref<VersionItem[]>([]);
  const version = shallowRef<VersionDetail | null>(null);
  const roster = shallowRef<Roster | null>(null);
  const problem = shallowRef<PreparedProblem | null>(null);
  const evaluation = shallowRef<RosterEvaluation | null>(null);
  const evaluationMs = ref(0);
  const job = ref<PlanningJob | null>(null);
  const error = ref<RosterError | null>(null);
  const saving = ref(0);
  let gains: GainTable | null = null;

  const editable = computed(() => version.value?.status === 'draft');

  function fail(e: unknown): void {
    error.value = e instanceof ApiError ? { status: e.status, code: e.code, message: e.message, field: e.field } : { status: 0, code: 'network', message: String(e) };
  }

  function evaluate(): void {
    if (!problem.value || !roster.value || !gains) return;
    const t0 = performance.now();
    evaluation.value = evaluateRoster(problem.value, roster.value, gains);
    evaluationMs.value = performance.now() - t0;
  }

  async function loadVersions(): Promise<void> {
    try {
      versions.value = await api.rosterVersions({ limit: 100 });
    } catch (e) {
      fail(e);
    }
  }

  function show(detail: VersionDetail): void {
    version.value = detail;
    roster.value = detail.roster;
    problem.value = prepareProblem(detail.problem);
    gains = new GainTable(problem.value);
    evaluate();
  }

  /** Loads a version from the API and shows it (an error shown stays). */
  async function reload(id: number): Promise<void> {
    try {
      show(await api.rosterVersion(id));
    } catch (e) {
      fail(e);
    }
  }

  async function open(id: number): Promise<void> {
    error.value = null;
    await reload(id);
  }

  /** Saves run one after the other, each on the revision the previous one returned. */
  let chain: Promise<void> = Promise.resolve();

  /** Sets one cell: evaluated here at once, saved in the background (a refused save reloads the version). */
  function setCell(agentId: string, day: number, code: string | null): Promise<void> {
    const v = version.value;
    const r = roster.value;
    const p = problem.value;
    if (!v || !r || !p || v.status !== 'draft') return Promise.resolve();
    roster.value = { ...r, rows: r.rows.map((row) => (row.agentId === agentId ? { ...row, cells: row.cells.map((c, d) => (d === day ? code : c)) } : row)) };
    evaluate();
    saving.value += 1;
    chain = chain.then(async () => {
      try {
        const current = version.value;
        if (!current || current.id !== v.id) return;
        const saved = await api.rosterEditCell(v.id, { agentId, date: p.dates[day], code, revision: current.revision });
        // Keep the cells shown (they may hold later edits still queued); take the server's revision and summary.
        version.value = { ...saved, roster: roster.value ?? saved.roster, problem: current.problem };
        versions.value = versions.value.map((item) => (item.id === saved.id ? { ...item, revision: saved.revision, summary: saved.summary } : item));
      } catch (e) {
        fail(e);
        await reload(v.id);
      } finally {
        saving.value -= 1;
      }
    });
    return chain;
  }

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
        job.value = current;
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
        }
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

  /** Stops the running planning job's search: it completes with the best version found (nothing is discarded). */
  async function stopJob(): Promise<void> {
    const current = job.value;
    if (!current) return;
    try {
      await api.rosterStop(current.jobId);
    } catch (e) {
      fail(e);
    }
  }

  /** Cancels the running planning job (its drafts are discarded). */
  async function cancelJob(): Promise<void> {
    const current = job.value;
    if (!current) return;
    try {
      await api.rosterCancel(current.jobId);
    } catch (e) {
      fail(e);
    }
  }

  /** A version action (publish, copy, import); a conflict (published or edited meanwhile) reloads the version. */
  async function act(run: () => Promise<VersionDetail>): Promise<void> {
    error.value = null;
    try {
      show(await run());
      await loadVersions();
    } catch (e) {
      fail(e);
      const id = version.value?.id;
      if (e instanceof ApiError && e.status === 409 && id !== undefined) {
        await reload(id);
        await loadVersions();
      }
    }
  }

  /**
   * Publishes the open draft. The API refuses a roster that breaks rules or overlaps another published roster (409
   * `rules_broken` / `overlap`): `confirm` asks the planner, and a yes publishes anyway.
   */
  async function publish(confirm: (code: 'rules_broken' | 'overlap', message: string) => boolean): Promise<void> {
    const v = version.value;
    if (!v) return;
    const options = { acceptViolations: false, replaceOverlapping: false, revision: v.revision };
    await act(async () => {
      for (;;) {
        try {
          return await api.rosterPublish(v.id, options);
        } catch (e) {
          if (!(e instanceof ApiError) || (e.code !== 'rules_broken' && e.code !== 'overlap')) throw e;
          if (!confirm(e.code, e.message)) throw e;
          if (e.code === 'rules_broken') options.acceptViolations = true;
          else options.replaceOverlapping = true;
        }
      }
    });
  }

  /** Deletes the open draft and opens the newest remaining version. */
  async function removeDraft(): Promise<void> {
    const v = version.value;
    if (!v || v.status !== 'draft') return;
    error.value = null;
    try {
      await api.rosterDelete(v.id);
      version.value = null;
      roster.value = null;
      problem.value = null;
      evaluation.value = null;
      await loadVersions();
      if (versions.value.length) await open(versions.value[0].id);
    } catch (e) {
      fail(e);
    }
  }
  const copy = () => (version.value ? act(() => api.rosterCopy((version.value as VersionDetail).id)) : Promise.resolve());
  const importXlsx = (file: File) => (version.value ? act(() => api.rosterImport((version.value as VersionDetail).id, file)) : Promise.resolve());

  return { versions, version, roster, problem, evaluation, evaluationMs, job, error, saving, editable, improvedTo, loadVersions, open, setCell, plan, cancelJob, stopJob, publish, removeDraft, copy, importXlsx };
});
