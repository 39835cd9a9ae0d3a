import type { RosterSummary, SolveReport } from '@hotline/roster';
import type { VersionRow } from './roster.repository.js';

/** The solver's report without the roster and evaluation (stored beside them). */
export function solveOf(report: SolveReport) {
  return {
    status: report.status,
    objective: report.objective,
    bound: report.bound,
    gap: report.gap,
    timeMs: report.timeMs,
    model: report.model,
    subproblems: report.subproblems,
    improvements: report.improvements,
    conflicts: report.conflicts,
    greedyObjective: report.greedy.objective,
    solverTraps: report.solverTraps,
    ...(report.solverError ? { solverError: report.solverError } : {}),
  };
}

type ListRow = Pick<VersionRow, 'id' | 'version' | 'status' | 'source' | 'basedOnId' | 'jobId' | 'summary' | 'solve' | 'revision' | 'createdAt' | 'updatedAt' | 'publishedAt' | 'rosterId' | 'roster'>;

/** A version in a list. */
export function versionListItem(row: ListRow) {
  return {
    id: row.id,
    rosterId: row.rosterId,
    name: row.roster.name,
    startDate: row.roster.startDate,
    days: row.roster.days,
    version: row.version,
    status: row.status,
    source: row.source,
    basedOnId: row.basedOnId,
    jobId: row.jobId,
    revision: row.revision,
    summary: row.summary as unknown as RosterSummary,
    solve: row.solve,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

/** A version with its roster and the problem it is evaluated against. */
export function versionResponse(row: VersionRow) {
  return { ...versionListItem(row), roster: row.content, problem: row.problem, hasLedger: row.ledgerAfter !== null };
}
