import type { Client } from 'pg';
import type { Expected } from './expected';

/** The ledger's counts for a set of calls, in the shape of {@link Expected} (days in Asia/Shanghai). */
export async function ledgerCounts(db: Client, callIds: string[]): Promise<Omit<Expected, 'callIds'>> {
  const { rows } = await db.query<{ day: string; outcome: string; agent: string | null; n: number }>(
    `SELECT to_char("offeredAt" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, outcome, "agentId" AS agent, count(*)::int AS n
       FROM "Call" WHERE "callId" = ANY($1) GROUP BY 1, 2, 3`,
    [callIds],
  );
  const out: Omit<Expected, 'callIds'> = { requests: 0, agentAnswered: 0, ivrAnswered: 0, abandoned: 0, perDay: {}, perAgent: {} };
  for (const r of rows) {
    const day = (out.perDay[r.day] ??= { requests: 0, agentAnswered: 0, ivrAnswered: 0, abandoned: 0 });
    out.requests += r.n;
    day.requests += r.n;
    if (r.outcome === 'answered') {
      out.agentAnswered += r.n;
      day.agentAnswered += r.n;
      const agent = r.agent ?? '(unknown)';
      out.perAgent[agent] = (out.perAgent[agent] ?? 0) + r.n;
    } else if (r.outcome === 'ivr') {
      out.ivrAnswered += r.n;
      day.ivrAnswered += r.n;
    } else if (r.outcome === 'abandoned') {
      out.abandoned += r.n;
      day.abandoned += r.n;
    }
  }
  return out;
}

export const withoutIds = ({ callIds: _ids, ...rest }: Expected) => rest;
