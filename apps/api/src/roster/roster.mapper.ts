import { ProblemBody, RosterBody, RosterSummary, SolveSummary, VersionSource, VersionStatus, type VersionDetail, type VersionListItem } from '@hotline/contracts';
import type { SolveReport } from '@hotline/roster';
import type { z } from 'zod';
import type { VersionRow } from './roster.repository.js';

/** A stored JSON value that does not match its contract schema: a server fault (500), never the client's (400). */
export class StoredShapeError extends Error {}

/**
 * Parses a stored JSON value (a column, a job's payload or result) with its contract schema.
 * @param where what it is, for the message (`roster version 3 problem`).
 * @throws StoredShapeError naming the first mismatching path.
 */
export function stored<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StoredShapeError(`${where} does not match the contract at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The solver's report without the roster and evaluation (stored beside them, JSON column `solve`). */
export function solveOf(report: SolveReport): SolveSummary {
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
    stopReason: report.stopReason,
    background: report.background,
  };
}

type ListRow = Pick<VersionRow, 'id' | 'version' | 'status' | 'source' | 'basedOnId' | 'jobId' | 'summary' | 'solve' | 'revision' | 'createdAt' | 'updatedAt' | 'publishedAt' | 'rosterId' | 'roster'>;

/**
 * A version in a list: the row's columns, its JSON columns parsed with the contract's schemas (a row that does not
 * match throws {@link StoredShapeError}: the database holds only what the API wrote), instants as ISO strings.
 */
export function versionListItem(row: ListRow): VersionListItem {
  return {
    id: row.id,
    rosterId: row.rosterId,
    name: row.roster.name,
    startDate: row.roster.startDate,
    days: row.roster.days,
    version: row.version,
    status: stored(VersionStatus, row.status, `roster version ${row.id} status`),
    source: stored(VersionSource, row.source, `roster version ${row.id} source`),
    basedOnId: row.basedOnId,
    jobId: row.jobId,
    revision: row.revision,
    summary: stored(RosterSummary, row.summary, `roster version ${row.id} summary`),
    solve: stored(SolveSummary.nullable(), row.solve, `roster version ${row.id} solve`),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

/** A version with its roster (JSON column `content`) and the problem it is evaluated against (`problem`). */
export function versionResponse(row: VersionRow): VersionDetail {
  return { ...versionListItem(row), roster: stored(RosterBody, row.content, `roster version ${row.id} content`), problem: stored(ProblemBody, row.problem, `roster version ${row.id} problem`), hasLedger: row.ledgerAfter !== null };
}
