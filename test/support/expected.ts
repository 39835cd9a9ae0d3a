/**
 * Counts taken straight from the files, independently of libs/events and libs/kpi, to check the ledger against:
 * a test's own reading of the raw lines, following the definitions in the README (requests, agent-answered,
 * IVR-answered, abandoned; per day in Asia/Shanghai; per agent).
 */
import { readFileSync } from 'node:fs';

export interface Expected {
  requests: number;
  agentAnswered: number;
  ivrAnswered: number;
  abandoned: number;
  perDay: Record<string, { requests: number; agentAnswered: number; ivrAnswered: number; abandoned: number }>;
  perAgent: Record<string, number>;
  callIds: string[];
}

const SHANGHAI_MS = 8 * 3_600_000; // Asia/Shanghai has had no daylight saving since 1991
const dayOf = (epochMs: number) => new Date(epochMs + SHANGHAI_MS).toISOString().slice(0, 10);

function tally(calls: { id: string; arrival: number; outcome: 'agent' | 'ivr' | 'lost' | 'pending'; agent?: string }[]): Expected {
  const e: Expected = { requests: 0, agentAnswered: 0, ivrAnswered: 0, abandoned: 0, perDay: {}, perAgent: {}, callIds: [] };
  for (const c of calls) {
    const day = (e.perDay[dayOf(c.arrival)] ??= { requests: 0, agentAnswered: 0, ivrAnswered: 0, abandoned: 0 });
    e.requests++;
    day.requests++;
    e.callIds.push(c.id);
    if (c.outcome === 'agent') {
      e.agentAnswered++;
      day.agentAnswered++;
      const agent = c.agent ?? '(unknown)';
      e.perAgent[agent] = (e.perAgent[agent] ?? 0) + 1;
    } else if (c.outcome === 'ivr') {
      e.ivrAnswered++;
      day.ivrAnswered++;
    } else if (c.outcome === 'lost') {
      e.abandoned++;
      day.abandoned++;
    }
  }
  return e;
}

/** queue_log rows as [epochMs, callid, queue, agent, event, ...params], from either layout (table time read as UTC). */
function queueLogRows(text: string): string[][] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  if (/callid/.test(lines[0]) && lines[0].includes(',')) {
    const header = lines[0].split(',');
    const col = (name: string) => header.indexOf(name);
    return lines.slice(1).map((l) => {
      const f = l.split(',');
      const t = f[col('time')].replace(' ', 'T');
      const epoch = Date.parse(`${t.length > 19 ? t.slice(0, 23) : t}Z`);
      const data = ['data1', 'data2', 'data3', 'data4', 'data5'].map((d) => f[col(d)] ?? '');
      return [String(epoch), f[col('callid')], f[col('queuename')], f[col('agent')], f[col('event')], ...data];
    });
  }
  return lines.map((l) => {
    const f = l.split('|');
    return [String(Number(f[0]) * 1000), ...f.slice(1)];
  });
}

const ANSWER = new Set(['CONNECT', 'COMPLETECALLER', 'COMPLETEAGENT', 'TRANSFER', 'BLINDTRANSFER', 'ATTENDEDTRANSFER']);
const LOSS = new Set(['ABANDON', 'EXITWITHTIMEOUT', 'EXITEMPTY', 'EXITWITHKEY', 'WITHDRAW', 'SYSCOMPAT', 'FULL', 'CLOSED', 'JOINEMPTY']);
const ARRIVAL = new Set(['ENTERQUEUE', 'DID', 'FULL', 'CLOSED', 'JOINEMPTY']);

/** Per call id: answered if any answer line, else lost if any loss line; arrival from ENTERQUEUE/DID, else back-computed from hold + talk. */
export function expectedFromQueueLog(path: string): Expected {
  const calls = new Map<string, { arrival: number; inferred: number; answered?: string; lost: boolean }>();
  for (const [epoch, callid, , agent, event, ...p] of queueLogRows(readFileSync(path, 'utf8'))) {
    if (!ARRIVAL.has(event) && !ANSWER.has(event) && !LOSS.has(event)) continue;
    const t = Number(epoch);
    const c = calls.get(callid) ?? { arrival: Infinity, inferred: Infinity, lost: false };
    if (ARRIVAL.has(event)) c.arrival = Math.min(c.arrival, t);
    if (event === 'CONNECT') c.inferred = Math.min(c.inferred, t - Number(p[0]) * 1000);
    else if (event.startsWith('COMPLETE')) c.inferred = Math.min(c.inferred, t - (Number(p[0]) + Number(p[1])) * 1000);
    else if (event === 'ABANDON') c.inferred = Math.min(c.inferred, t - Number(p[2]) * 1000);
    if (ANSWER.has(event)) c.answered ??= agent;
    if (LOSS.has(event)) c.lost = true;
    calls.set(callid, c);
  }
  return tally([...calls].map(([id, c]) => ({
    id,
    arrival: Number.isFinite(c.arrival) ? c.arrival : c.inferred,
    outcome: c.answered ? 'agent' : c.lost ? 'lost' : 'pending',
    agent: c.answered,
  })));
}

/** The bank's rows: every non-PHANTOM row a request on its `date`; AGENT answered; HANG never queued IVR-answered; other HANG lost. */
export function expectedFromBank(path: string): Expected {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const header = lines[0].split('\t');
  const col = (name: string) => header.indexOf(name);
  const calls = [];
  for (const line of lines.slice(1)) {
    const f = line.split('\t');
    const outcome = f[col('outcome')];
    if (outcome === 'PHANTOM') continue;
    const date = f[col('date')];
    const [h, m, s] = f[col('vru_entry')].split(':').map(Number);
    const arrival = Date.UTC(1900 + Number(date.slice(0, 2)), Number(date.slice(2, 4)) - 1, Number(date.slice(4, 6)), h, m, s) - SHANGHAI_MS;
    const queued = Number(f[col('q_time')]) > 0 || f[col('q_start')] !== '0:00:00' || f[col('q_exit')] !== '0:00:00';
    const server = f[col('server')];
    calls.push({
      id: `bank:${f[col('vru+line')]}:${f[col('call_id')]}`,
      arrival,
      outcome: outcome === 'AGENT' ? ('agent' as const) : queued ? ('lost' as const) : ('ivr' as const),
      agent: server === 'NO_SERVER' ? undefined : server,
    });
  }
  return tally(calls);
}
