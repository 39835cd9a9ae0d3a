import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { GainTable, type PreparedProblem, type Roster, type RosterEvaluation, evaluateRoster, prepareProblem } from '@hotline/roster';
import type { API, ResponseOf } from '@hotline/contracts';
import { ApiError, api } from '../api';
import { usePlanningJob } from './roster-planning';

/** A roster version in a list, one with its cells and problem, a planning job (the contract's answers). */
type VersionItem = ResponseOf<typeof API.rosterVersions>[number];
export type VersionDetail = ResponseOf<typeof API.rosterVersion>;

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

/** Asks the planner whether to publish a roster the API refused (409 `rules_broken` / `overlap`): true publishes anyway. */
type ConfirmPublish = (code: 'rules_broken' | 'overlap', message: string) => boolean;

/**
 * Publishes a draft at its revision. The API refuses a roster that breaks rules or overlaps another published roster
 * (409 `rules_broken` / `overlap`): `confirm` asks the planner, and a yes publishes anyway.
 * @throws ApiError the refusal the planner did not overrule, or any other.
 */
async function publishAsking(id: number, revision: number, confirm: ConfirmPublish): Promise<VersionDetail> {
  const options = { acceptViolations: false, replaceOverlapping: false, revision };
  for (;;) {
    try {
      return await api.rosterPublish(id, options);
    } catch (e) {
      if (!(e instanceof ApiError) || (e.code !== 'rules_broken' && e.code !== 'overlap')) throw e;
      if (!confirm(e.code, e.message)) throw e;
      if (e.code === 'rules_broken') options.acceptViolations = true;
      else options.replaceOverlapping = true;
    }
  }
}

export const useRosterStore = defineStore('roster', () => {
  const versions = ref<VersionItem[]>([]);
  const version = shallowRef<VersionDetail | null>(null);
  const roster = shallowRef<Roster | null>(null);
  const problem = shallowRef<PreparedProblem | null>(null);
  const evaluation = shallowRef<RosterEvaluation | null>(null);
  const evaluationMs = ref(0);
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

  const { job, improvedTo, plan, stopJob, cancelJob } = usePlanningJob({ version, error, fail, loadVersions, open });

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

  /** Publishes the open draft (see {@link publishAsking}). */
  async function publish(confirm: ConfirmPublish): Promise<void> {
    const v = version.value;
    if (v) await act(() => publishAsking(v.id, v.revision, confirm));
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
