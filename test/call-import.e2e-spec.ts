/**
 * Issue 12, call-record import: a few hundred real calls of the Anonymous Bank (1999-02-01) written as a Chinese
 * platform's CDR export (主叫号码, 呼入时间, 进队时间, 应答时间, 坐席工号, 结束时间, 挂机方, 业务类型, 排队时长, 通话时长)
 * are imported through the API with a mapping; the ledger's KPIs for the day equal `hotline kpi` on the same calls
 * (the bank TSV rows they came from). Importing the same file again (with a preset, through the CLI) changes nothing.
 * A file with two bad rows: the dry run names both by row number and reason, the import without confirmation is
 * refused (409), with it the rest is imported and the two rows are dead letters. A planner is refused (403).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { CallImportPreset, CallImportPreview, CallImportSummary, CallImportView, type CallImportMapping, type DeadLetterView, type KpiReport } from '@hotline/contracts';
import { DEFAULT_TIMEZONE, instantToLocal, parseBankCalls, type CallEvent } from '@hotline/events';
import { runCli } from './support/cli';
import { ROOT, SHARED, createStack, type ApiClient, type Stack } from './support/stack';

const BANK = join(SHARED, 'data', 'anonymous-bank-1999-02', 'calls_1999-02-01_to_1999-02-21.tsv');
const DAY = '1999-02-01';
const CALLS = 400;
const CLI = join(ROOT, 'apps', 'cli', 'bin', 'hotline.cjs');
const KPI_FIELDS = ['requests', 'agentAnswered', 'ivrAnswered', 'abandoned', 'abandonedInQueue', 'connectRate', 'serviceLevel', 'asaSeconds', 'ahtSeconds'] as const;
const pick = (o: object) => Object.fromEntries(KPI_FIELDS.map((k) => [k, (o as Record<string, unknown>)[k]]));
const CSV = 'text/csv';

const MAPPING: CallImportMapping = {
  columns: {
    callId: '话单编号', caller: '主叫号码', arrival: '呼入时间', queueEntry: '进队时间', answer: '应答时间', agent: '坐席工号', end: '结束时间',
    hangupSide: '挂机方', businessType: '业务类型', waitSeconds: '排队时长', talkSeconds: '通话时长',
  },
  timeFormat: 'local',
  timeZone: 'Asia/Shanghai',
  source: 'gdcdr',
};
const HEADERS = ['话单编号', '主叫号码', '呼入时间', '进队时间', '应答时间', '坐席工号', '结束时间', '挂机方', '业务类型', '排队时长', '通话时长'];

const pad = (n: number) => String(n).padStart(2, '0');
function local(ts: string | undefined): string {
  if (!ts) return '';
  const l = instantToLocal(new Date(ts), DEFAULT_TIMEZONE);
  return `${l.year}-${pad(l.month)}-${pad(l.day)} ${pad(l.hour)}:${pad(l.minute)}:${pad(l.second)}`;
}
const csvLine = (cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');

/** The CDR rows of the bank calls of `tsv` (one per call, from the bank adapter's reading of each row). */
function cdrRows(tsv: string): string[][] {
  const calls = new Map<string, CallEvent[]>();
  for (const e of parseBankCalls(tsv).events) calls.set(e.callId!, [...(calls.get(e.callId!) ?? []), e]);
  return [...calls.entries()].map(([id, events]) => {
    const of = <T extends CallEvent['type']>(t: T) => events.find((e): e is Extract<CallEvent, { type: T }> => e.type === t);
    const offered = of('call.offered')!;
    const answered = of('agent.answered');
    const ended = of('call.ended');
    const lost = of('call.abandoned');
    const caller = offered.callerId ? `138${offered.callerId.padStart(8, '0').slice(-8)}` : '';
    return [
      id.replace(/^bank:/, ''), caller, local(offered.ts), local(of('queue.entered')?.ts), local(answered?.ts), answered?.agentId ?? '',
      local(ended?.ts ?? lost?.ts ?? of('ivr.completed')?.ts), '', offered.category ?? '',
      String(answered?.waitSeconds ?? lost?.waitSeconds ?? ''), String(ended?.talkSeconds ?? ''),
    ];
  });
}

async function waitForImport(client: ApiClient, id: number): Promise<CallImportView> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await client.get<unknown>(`/api/call-imports/${id}`);
    expect(res.status).toBe(200);
    const body = CallImportView.parse(res.body);
    if (body.status === 'completed' || body.status === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${body.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('call-record import', () => {
  let stack: Stack;
  let lead: ApiClient;
  let dir: string;
  let csv: string;
  let tsvPath: string;

  beforeAll(async () => {
    stack = await createStack('cdr');
    await stack.startApi();
    lead = await stack.signIn(['shift_lead']);
    dir = mkdtempSync(join(tmpdir(), 'cdr-'));
    // A few hundred real calls of one day: the bank file's first rows of 1999-02-01 (PHANTOM rows are no calls).
    const lines = readFileSync(BANK, 'utf8').split('\n');
    const day = lines.slice(1).filter((l) => l.split('\t')[5] === '990201' && l.split('\t')[12] !== 'PHANTOM').slice(0, CALLS);
    const tsv = `${[lines[0], ...day].join('\n')}\n`;
    tsvPath = join(dir, 'bank-subset.tsv');
    writeFileSync(tsvPath, tsv);
    const rows = cdrRows(tsv);
    expect(rows).toHaveLength(CALLS);
    csv = `\uFEFF${[HEADERS, ...rows].map(csvLine).join('\r\n')}\r\n`;
  });
  afterAll(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const upload = (client: ApiClient, path: string, body: string, query: Record<string, string>) =>
    client.fetch(`${path}?${new URLSearchParams(query).toString()}`, { method: 'POST', headers: { 'content-type': CSV }, body });

  it('imports a CDR file into the same ledger as the calls replayed, and a second import changes nothing', async () => {
    const mapping = JSON.stringify(MAPPING);
    // the dry run: first rows as read (caller masked), no bad row
    const dry = await upload(lead, '/api/call-imports/preview', csv, { mapping, fileName: '/tmp/x/day.csv' });
    expect(dry.status).toBe(200);
    // every answer is parsed with its contract schema
    const preview = CallImportPreview.parse(await dry.json());
    expect(preview).toMatchObject({ fileName: 'day.csv', totalRows: CALLS, headers: HEADERS, check: { goodRows: CALLS, badRows: 0, errors: [] } });
    expect(preview.rows).toHaveLength(20);
    expect(preview.rows[0]!.row).toBe(2);
    const callers = preview.rows.map((r) => r.cells['主叫号码']).filter(Boolean);
    expect(callers.length).toBeGreaterThan(0);
    for (const c of callers) expect(c).toMatch(/^138\*{4}\d{4}$/);
    expect(preview.suggestedColumns).toMatchObject({ caller: '主叫号码', arrival: '呼入时间', answer: '应答时间', businessType: '业务类型' });

    const started = await upload(lead, '/api/call-imports', csv, { mapping, fileName: 'day.csv' });
    expect(started.status).toBe(202);
    const job = CallImportView.parse(await started.json());
    const done = await waitForImport(lead, job.id);
    expect(done).toMatchObject({ status: 'completed', rowsDone: CALLS, totalRows: CALLS, goodRows: CALLS, badRows: 0, deadLettersWritten: 0 });
    expect(done.eventsWritten).toBeGreaterThan(CALLS * 2);
    // the job's payload holds no number; the file is gone once done
    const redis = new Redis(stack.env.REDIS_URL);
    const jobKeys = await redis.keys(`${stack.prefix}bull:call-import:*`);
    for (const key of jobKeys) {
      if ((await redis.type(key)) !== 'hash') continue;
      expect(JSON.stringify(await redis.hgetall(key))).not.toMatch(/138\d{8}/);
    }
    redis.disconnect();
    const { rows: fileLeft } = await stack.db.query(`SELECT "fileCipher" FROM "CallImport" WHERE id = $1`, [job.id]);
    expect(fileLeft[0].fileCipher).toBeNull();

    // a preset, then the same file again through the CLI with it: the same events again (kept once by the ledger)
    const preset = await lead.send<unknown>('POST', '/api/call-imports/presets', { name: '省平台话单', mapping: MAPPING });
    expect(preset.status).toBe(201);
    const saved = CallImportPreset.parse(preset.body);
    const presets = await lead.get<unknown>('/api/call-imports/presets');
    expect(z.array(CallImportPreset).parse(presets.body).map((p) => p.name)).toEqual(['省平台话单']);
    const renamed = await lead.send<unknown>('PUT', `/api/call-imports/presets/${saved.id}`, { name: '省平台话单', mapping: { ...MAPPING, timeZone: 'Asia/Shanghai' } });
    expect(CallImportPreset.parse(renamed.body).createdBy.login).toBe(lead.login);
    expect((await lead.send('POST', '/api/call-imports/presets', { name: '省平台话单', mapping: MAPPING })).status).toBe(409);
    const file = join(dir, 'day.csv');
    writeFileSync(file, csv);
    const env = { HOTLINE_API_URL: stack.baseUrl, HOTLINE_API_LOGIN: lead.login, HOTLINE_API_PASSWORD: lead.password };
    const dryCli = await runCli(['import', file, '--preset', '省平台话单', '--dry-run'], { env });
    expect(dryCli.code).toBe(0);
    expect(dryCli.stdout).toMatch(/400 row\(s\)/);
    expect(dryCli.stdout).toMatch(/the same file was imported already with source "gdcdr" .*changes nothing/);
    expect(dryCli.stdout).not.toMatch(/138\d{8}/);
    const again = await runCli(['import', file, '--preset', '省平台话单', '--interval', '100'], { env });
    if (again.code !== 0) throw new Error(`hotline import exited ${again.code}: ${again.stderr}`);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/completed 400\/400 rows/);
    const second = (await stack.db.query(`SELECT "eventsWritten" AS n FROM "CallImport" ORDER BY id DESC LIMIT 1`)).rows[0].n as number;
    expect(second).toBe(done.eventsWritten);
    // each CLI run signed out when it ended: of the account's sessions, only this test's own is left
    const admin = await stack.signIn(['admin']);
    const sessions = await admin.get<{ login: string }[]>('/api/sessions');
    expect(sessions.status).toBe(200);
    expect(sessions.body.filter((x) => x.login === lead.login)).toHaveLength(1);

    // the ledger, after both imports, equals the offline report of the same calls (the bank rows the CDR was written
    // from): nothing doubled
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'kpi', tsvPath, '--format', 'bank', '--from', DAY, '--to', DAY, '--json'], { cwd: ROOT, maxBuffer: 64 << 20 });
    const expected = JSON.parse(stdout) as KpiReport;
    expect(expected.requests).toBe(CALLS);
    await stack.waitForIdle(60_000);
    const deadline = Date.now() + 20_000;
    let day = await stack.getJson<KpiReport>(`/api/kpi?from=${DAY}&to=${DAY}`);
    while (day.body.requests < CALLS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      day = await stack.getJson<KpiReport>(`/api/kpi?from=${DAY}&to=${DAY}`);
    }
    expect(day.status).toBe(200);
    expect(pick(day.body)).toEqual(pick(expected));
    const events = async () => Number((await stack.db.query(`SELECT count(*) AS n FROM "RawEvent" WHERE source = 'gdcdr'`)).rows[0].n);
    expect(await events()).toBe(done.eventsWritten);

    const list = await lead.get<unknown>('/api/call-imports');
    expect(z.array(CallImportSummary).parse(list.body).map((i) => [i.status, i.preset])).toEqual([['completed', '省平台话单'], ['completed', null]]);
  });

  it('reports bad rows by number, imports the rest only when confirmed, and refuses a planner', async () => {
    const lines = csv.split('\r\n');
    // row 5 (line 5 of the file): an arrival that is no time; row 9: answered before it arrived
    const cells5 = lines[4]!.split(',');
    cells5[2] = '昨天下午';
    lines[4] = cells5.join(',');
    const cells9 = lines[8]!.split(',');
    cells9[4] = '1999-02-01 00:00:01';
    cells9[3] = '';
    lines[8] = cells9.join(',');
    const bad = lines.slice(0, 30).join('\r\n') + '\r\n';
    const mapping = JSON.stringify(MAPPING);

    const dry = await upload(lead, '/api/call-imports/preview', bad, { mapping, fileName: 'bad.csv' });
    const preview = CallImportPreview.parse(await dry.json());
    expect(preview.check).toMatchObject({ goodRows: 27, badRows: 2 });
    expect(preview.check!.errors).toEqual([
      { row: 5, field: 'arrival', column: '呼入时间', reason: '"昨天下午" is not a date-time like 2026-12-07 08:30:05' },
      { row: 9, field: 'answer', column: '应答时间', reason: expect.stringMatching(/^answer \(1999-01-31T16:00:01.000Z\) is before arrival/) },
    ]);

    const refused = await upload(lead, '/api/call-imports', bad, { mapping, fileName: 'bad.csv' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'bad_rows', field: 'confirm', message: expect.stringMatching(/^2 bad row\(s\).*row 5 arrival.*row 9 answer/) });
    expect((await stack.db.query(`SELECT count(*) AS n FROM "CallImport" WHERE "fileName" = 'bad.csv'`)).rows[0].n).toBe('0');

    const started = await upload(lead, '/api/call-imports', bad, { mapping, fileName: 'bad.csv', confirm: 'true' });
    expect(started.status).toBe(202);
    const done = await waitForImport(lead, CallImportView.parse(await started.json()).id);
    expect(done).toMatchObject({ status: 'completed', goodRows: 27, badRows: 2, deadLettersWritten: 2 });
    expect(done.errors.map((e) => e.row)).toEqual([5, 9]);
    await stack.waitForIdle(60_000);
    const deadline = Date.now() + 15_000;
    let letters: DeadLetterView[] = [];
    while (Date.now() < deadline) {
      letters = (await stack.getJson<DeadLetterView[]>('/api/dead-letters?limit=50')).body.filter((d) => d.file === 'bad.csv');
      if (letters.length >= 2) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(letters.map((d) => [d.source, d.line]).sort()).toEqual([['gdcdr', 5], ['gdcdr', 9]]);
    expect(letters.find((d) => d.line === 5)!.reason).toMatch(/row 5: arrival \(呼入时间\): "昨天下午" is not a date-time/);
    for (const d of letters) expect(d.raw).not.toMatch(/138\d{8}/);

    const planner = await stack.signIn(['planner']);
    expect((await upload(planner, '/api/call-imports/preview', bad, { mapping })).status).toBe(403);
    expect((await planner.get('/api/call-imports')).status).toBe(403);
    // a preset removed (audited like every write)
    const { body: presetList } = await lead.get<unknown>('/api/call-imports/presets');
    for (const p of z.array(CallImportPreset).parse(presetList)) expect((await lead.send('DELETE', `/api/call-imports/presets/${p.id}`)).status).toBe(204);
    const { rows: trail } = await stack.db.query(`SELECT action FROM "AuditLog" WHERE action LIKE '%allImport%' ORDER BY id`);
    expect(trail.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['startCallImport', 'callImport.completed', 'createCallImportPreset', 'updateCallImportPreset', 'deleteCallImportPreset']));
  });

  it('warns that the same bytes under another source would count every call twice, and refuses that import (409 source) unless allowed', async () => {
    const imports = async () => Number((await stack.db.query(`SELECT count(*) AS n FROM "CallImport"`)).rows[0].n);
    const before = await imports();
    expect(before).toBeGreaterThan(0); // the day's file was imported under gdcdr by the first test
    const other = JSON.stringify({ ...MAPPING, source: 'cdr' });
    const same = CallImportPreview.parse(await (await upload(lead, '/api/call-imports/preview', csv, { mapping: JSON.stringify(MAPPING) })).json());
    expect(same.previousImport).toMatchObject({ source: 'gdcdr', sameSource: true, status: 'completed' });
    expect(same.countedTwice).toBe(false);
    const dry = await upload(lead, '/api/call-imports/preview', csv, { mapping: other });
    expect(dry.status).toBe(200);
    const preview = CallImportPreview.parse(await dry.json());
    expect(preview.previousImport).toMatchObject({ source: 'gdcdr', sameSource: false });
    expect(preview.countedTwice).toBe(true);

    const refused = await upload(lead, '/api/call-imports', csv, { mapping: other, confirm: 'true' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'other_source', field: 'source', message: expect.stringMatching(/source "gdcdr".*count every call twice.*allowSecondSource=true/) });
    expect(await imports()).toBe(before);

    // the CLI warns and, without --allow-second-source, imports nothing
    const mappingFile = join(dir, 'other-source.json');
    writeFileSync(mappingFile, other);
    const file = join(dir, 'day.csv');
    writeFileSync(file, csv);
    const env = { HOTLINE_API_URL: stack.baseUrl, HOTLINE_API_LOGIN: lead.login, HOTLINE_API_PASSWORD: lead.password };
    const cli = await runCli(['import', file, '--mapping', mappingFile, '--yes'], { env });
    expect(cli.code).toBe(2);
    expect(cli.stdout).toMatch(/WARNING: .*source "gdcdr".*would count every call twice/);
    expect(cli.stdout).not.toMatch(/changes nothing/);
    expect(cli.stderr).toMatch(/--allow-second-source/);
    expect(await imports()).toBe(before);

    // an unknown preset: the CLI says how to list and save presets
    const unknown = await runCli(['import', file, '--preset', '没有这个预设', '--dry-run'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/GET \/api\/call-imports\/presets/);

    // a huge cell is cut in the preview
    const long = `呼入时间,备注\r\n2026-12-07 08:00:00,${'长'.repeat(200_000)}\r\n`;
    const cut = CallImportPreview.parse(await (await upload(lead, '/api/call-imports/preview', long, {})).json());
    expect(cut.rows[0]!.cells['备注']).toBe(`${'长'.repeat(200)}…`);
  });
});
