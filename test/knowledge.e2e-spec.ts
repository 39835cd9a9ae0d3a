/**
 * The knowledge base (知识库) and the case base (案例库) through the built API on a real Postgres: a shift lead drafts
 * and submits, the manager publishes (not a version she wrote, edited or whose text is hers: four eyes), the agent finds it with a Chinese question
 * and never sees drafts, a new version supersedes the old, validity dates and retirement take articles out of the
 * search, a case promoted from a registered request carries no caller data, the bureau reads and cannot write, and
 * refusals name their field. A standard-answer document (CSV) is imported: the preview names bad rows and writes
 * nothing, the import publishes articles the search finds, a second import changes nothing, a changed answer makes a
 * new version, and only the supplier manager may import. Every answer is parsed with its contract schema (the
 * contract walk skips these routes).
 */
import { API, ErrorBody, IMPORT_CONTENT_TYPES, KnowledgeArticleSummary, KnowledgeImportResult, type BodyOf, type EndpointDef, type KnowledgeArticleView } from '@hotline/contracts';
import { dayKey } from '@hotline/events';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { createStack, type ApiClient, type Stack } from './support/stack';

jest.setTimeout(90_000);

const MASKED = '138****5678';
const HASH = 'a'.repeat(64);

describe('knowledge base and case base', () => {
  let stack: Stack;
  let lead: ApiClient;
  let agent: ApiClient;
  let manager: ApiClient;
  let manager2: ApiClient;
  let bureau: ApiClient;

  beforeAll(async () => {
    stack = await createStack('knowledge');
    await stack.startApi();
    lead = await stack.signIn(['shift_lead']);
    agent = await stack.signIn(['agent'], { agentId: 'A07' });
    manager = await stack.signIn(['manager']);
    manager2 = await stack.signIn(['manager']);
    bureau = await stack.signIn(['bureau']);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Calls `e` as `client`, expects its success status, parses the answer with its schema. */
  async function call<R extends z.ZodType>(client: ApiClient, e: EndpointDef<z.ZodType, z.ZodType, z.ZodType, R>, path: string, body?: unknown): Promise<z.output<R>> {
    const res = e.method === 'GET' ? await client.get(path) : await client.send(e.method, path, body ?? {});
    expect({ id: e.id, status: res.status, body: res.status === (e.status ?? 200) ? 'ok' : res.body }).toEqual({ id: e.id, status: e.status ?? 200, body: 'ok' });
    if (!e.response) throw new Error(`${e.id} has no response schema`);
    return e.response.parse(res.body);
  }

  /** A refusal: its status, code and field. */
  async function refused(client: ApiClient, method: string, path: string, body?: unknown): Promise<{ status: number; code: string; field: string | undefined }> {
    const res = method === 'GET' ? await client.get(path) : await client.send(method, path, body ?? {});
    const error = ErrorBody.parse(res.body);
    return { status: res.status, code: error.code, field: error.field };
  }

  const search = (client: ApiClient, q: string, type?: string) =>
    call(client, API.searchKnowledge, `${API.searchKnowledge.path}?q=${encodeURIComponent(q)}${type ? `&businessTypeCode=${type}` : ''}&limit=10`);
  const article = (id: number) => `/api/knowledge/articles/${id}`;
  const lost: BodyOf<typeof API.addKnowledgeArticle> = {
    question: '驾驶证遗失了如何补领？',
    answer: '可以通过交管12123App申请补领，也可以持身份证明到车管所窗口办理。',
    businessTypeCode: 'driving-licence',
    keywords: ['驾照', '丢失', '补办'],
    sourceDocument: '《机动车驾驶证申领和使用规定》第六十条',
  };

  it('drafts, reviews, publishes, versions, validity dates and retirement, with each role held to its rights', async () => {
    // 400s name the field; writers only.
    expect(await refused(lead, 'POST', API.addKnowledgeArticle.path, { ...lost, businessTypeCode: 'no-such-type' })).toEqual({ status: 400, code: 'unknown_business_type', field: 'businessTypeCode' });
    expect(await refused(lead, 'POST', API.addKnowledgeArticle.path, { ...lost, validFrom: '2026-12-10', validTo: '2026-12-01' })).toMatchObject({ status: 400, field: 'validTo' });
    expect(await refused(lead, 'POST', API.addKnowledgeArticle.path, { ...lost, question: '' })).toMatchObject({ status: 400, field: 'question' });
    expect((await agent.send('POST', API.addKnowledgeArticle.path, lost)).status).toBe(403);
    expect((await bureau.send('POST', API.addKnowledgeArticle.path, lost)).status).toBe(403);

    // The shift lead drafts and submits; nobody without knowledge.write sees the draft.
    const draft = await call(lead, API.addKnowledgeArticle, API.addKnowledgeArticle.path, lost);
    expect(draft.versions.map((v) => [v.version, v.status])).toEqual([[1, 'draft']]);
    const id = draft.id;
    expect((await agent.get(article(id))).status).toBe(404);
    expect(await call(agent, API.listKnowledgeArticles, API.listKnowledgeArticles.path)).toEqual([]);
    expect((await search(agent, '驾照丢了怎么补')).hits).toEqual([]);
    await call(lead, API.submitKnowledgeDraft, `${article(id)}/submit`, { note: '请审核' });
    expect(await refused(lead, 'POST', `${article(id)}/review`, { decision: 'publish' })).toMatchObject({ status: 403 });
    expect(await refused(lead, 'POST', `${article(id)}/submit`)).toEqual({ status: 409, code: 'no_draft', field: 'status' });
    expect(await refused(lead, 'PUT', `${article(id)}/draft`, lost)).toEqual({ status: 409, code: 'in_review', field: 'status' });
    expect(await refused(manager, 'POST', `${article(id)}/review`, { decision: 'reject' })).toMatchObject({ status: 400, field: 'note' });

    // The manager publishes: the agent finds it with a citizen's words, ranked first.
    const published = await call(manager, API.reviewKnowledgeArticle, `${article(id)}/review`, { decision: 'publish', note: '同意' });
    expect(published.versions[0]).toMatchObject({ version: 1, status: 'published', reviewed: { by: { login: manager.login } }, submitNote: '请审核' });
    expect(await refused(manager, 'POST', `${article(id)}/review`, { decision: 'publish' })).toEqual({ status: 409, code: 'not_in_review', field: 'status' });
    const found = await search(agent, '驾照丢了怎么补');
    expect(found.hits[0]).toMatchObject({ articleId: id, version: 1, question: lost.question, answer: lost.answer });
    expect(found.hits[0].matchedTerms).toContain('驾照');
    expect((await search(bureau, '驾驶证丢失', 'driving-licence')).hits[0]?.articleId).toBe(id);

    // Four eyes: the manager's own version is published by another reviewer. Valid from tomorrow: not found today.
    const tomorrow = dayKey(new Date(Date.now() + 86_400_000), 'Asia/Shanghai');
    const label = { question: '机动车检验标志电子化后还要贴标吗？', answer: '不再需要粘贴纸质检验合格标志。', businessTypeCode: 'motor-vehicle', keywords: ['年检标', '贴标'] };
    const future = await call(manager, API.addKnowledgeArticle, API.addKnowledgeArticle.path, { ...label, validFrom: tomorrow });
    await call(manager, API.submitKnowledgeDraft, `${article(future.id)}/submit`);
    expect(await refused(manager, 'POST', `${article(future.id)}/review`, { decision: 'publish' })).toEqual({ status: 403, code: 'own_version', field: 'decision' });
    await call(manager2, API.reviewKnowledgeArticle, `${article(future.id)}/review`, { decision: 'publish' });
    expect((await search(agent, '年检标志还要贴在玻璃上吗')).hits.map((h) => h.articleId)).not.toContain(future.id);
    // ... and found once a version valid from today is published (written by the lead: the manager may publish it).
    await call(lead, API.saveKnowledgeDraft, `${article(future.id)}/draft`, label);
    await call(lead, API.submitKnowledgeDraft, `${article(future.id)}/submit`);
    await call(manager, API.reviewKnowledgeArticle, `${article(future.id)}/review`, { decision: 'publish' });
    expect((await search(agent, '年检标志还要贴在玻璃上吗')).hits[0]).toMatchObject({ articleId: future.id, version: 2 });

    // A new version supersedes the old; until it is published the agent reads version 1.
    const v2 = { ...lost, answer: '通过交管12123App申请补领，新证邮寄到家；或到任一车管所窗口办理。' };
    const edited = await call(lead, API.saveKnowledgeDraft, `${article(id)}/draft`, v2);
    expect(edited.versions.map((v) => [v.version, v.status])).toEqual([[2, 'draft'], [1, 'published']]);
    expect(edited).toMatchObject({ publishedVersion: 1, openVersion: { version: 2, status: 'draft' } });
    expect((await call(agent, API.knowledgeArticle, article(id))).versions.map((v) => v.version)).toEqual([1]);
    await call(lead, API.submitKnowledgeDraft, `${article(id)}/submit`);
    await call(manager, API.reviewKnowledgeArticle, `${article(id)}/review`, { decision: 'publish' });
    const history: KnowledgeArticleView = await call(lead, API.knowledgeArticle, article(id));
    expect(history.versions.map((v) => [v.version, v.status])).toEqual([[2, 'published'], [1, 'superseded']]);
    expect((await search(agent, '驾照丢了怎么补')).hits[0]).toMatchObject({ articleId: id, version: 2, answer: v2.answer });

    // Lists: the writers see every state and filter by it; readers the published articles only.
    const leadList = await call(lead, API.listKnowledgeArticles, `${API.listKnowledgeArticles.path}?status=superseded`);
    expect(leadList.map((a) => a.id)).toEqual([id, future.id]);
    const agentList = await call(agent, API.listKnowledgeArticles, `${API.listKnowledgeArticles.path}?businessTypeCode=driving-licence`);
    expect(agentList.map((a: KnowledgeArticleSummary) => [a.id, a.publishedVersion, a.openVersion])).toEqual([[id, 2, null]]);

    // Retired: out of the search and the readers' list, no new version.
    expect((await agent.send('POST', `${article(id)}/retire`, { reason: 'x' })).status).toBe(403);
    const retired = await call(manager, API.retireKnowledgeArticle, `${article(id)}/retire`, { reason: '政策调整' });
    expect(retired).toMatchObject({ retireReason: '政策调整', retired: { by: { login: manager.login } } });
    expect((await search(agent, '驾照丢了怎么补')).hits.map((h) => h.articleId)).not.toContain(id);
    expect((await call(agent, API.listKnowledgeArticles, API.listKnowledgeArticles.path)).map((a) => a.id)).not.toContain(id);
    expect((await call(lead, API.listKnowledgeArticles, `${API.listKnowledgeArticles.path}?status=retired`)).map((a) => a.id)).toEqual([id]);
    expect(await refused(lead, 'PUT', `${article(id)}/draft`, lost)).toEqual({ status: 409, code: 'retired', field: 'status' });
  });

  it('four eyes hold when the reviewer text is re-saved by a colleague; the search refuses an unknown type', async () => {
    const fine = { question: '违法停车罚款在哪里缴纳？', answer: '可在银行网点或线上缴纳罚款。', businessTypeCode: 'motor-vehicle', keywords: ['罚款'] };
    const mine = await call(manager, API.addKnowledgeArticle, API.addKnowledgeArticle.path, fine);
    const path = article(mine.id);
    await call(manager, API.submitKnowledgeDraft, `${path}/submit`);
    expect(await refused(manager, 'POST', `${path}/review`, { decision: 'publish' })).toEqual({ status: 403, code: 'own_version', field: 'decision' });
    // She rejects, re-drafts her text, the lead saves the same body: she is still among the version's editors.
    await call(manager, API.reviewKnowledgeArticle, `${path}/review`, { decision: 'reject', note: '重写' });
    await call(manager, API.saveKnowledgeDraft, `${path}/draft`, fine);
    const resaved = await call(lead, API.saveKnowledgeDraft, `${path}/draft`, fine);
    expect(resaved.versions[0]).toMatchObject({ version: 2, author: { login: lead.login } });
    expect(resaved.versions[0].editors.map((p) => p.login)).toEqual([manager.login, lead.login]);
    await call(lead, API.submitKnowledgeDraft, `${path}/submit`);
    expect(await refused(manager, 'POST', `${path}/review`, { decision: 'publish' })).toEqual({ status: 403, code: 'own_version', field: 'decision' });
    // A fresh version only the lead edited but holding her text (same content hash) is hers too; another reviewer publishes.
    await call(manager, API.reviewKnowledgeArticle, `${path}/review`, { decision: 'reject', note: '重写' });
    const carried = await call(lead, API.saveKnowledgeDraft, `${path}/draft`, { ...fine, keywords: ['罚款', '罚款'] });
    expect(carried.versions[0].editors.map((p) => p.login)).toEqual([lead.login]);
    await call(lead, API.submitKnowledgeDraft, `${path}/submit`);
    expect(await refused(manager, 'POST', `${path}/review`, { decision: 'publish' })).toEqual({ status: 403, code: 'own_version', field: 'decision' });
    expect((await call(manager2, API.reviewKnowledgeArticle, `${path}/review`, { decision: 'publish' })).publishedVersion).toBe(3);

    expect(await refused(agent, 'GET', `${API.searchKnowledge.path}?q=${encodeURIComponent('罚款')}&businessTypeCode=zzz`)).toEqual({ status: 400, code: 'unknown_business_type', field: 'businessTypeCode' });
  });

  it('imports a standard-answer document (CSV, xlsx): preview with bad rows writes nothing, import publishes, again is unchanged, a changed answer is a new version', async () => {
    const csvLine = (cells: string[]) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
    const csv = (rows: string[][]) => `\uFEFF${[['问题', '应答口径', '业务类型', '关键词', '来源文件', '生效日期'], ...rows].map(csvLine).join('\r\n')}\r\n`;
    const plate = ['机动车号牌丢失了怎么补领？', '号牌丢失的，机动车所有人可以通过交管12123App或到车管所申请补领，补领期间可申领临时号牌。', '机动车业务', '车牌、号牌，补牌;丢失', '示例口径（测试）', '2026/1/1'];
    const code = ['交管12123密码忘记了怎么办？', '在交管12123App登录页点击“忘记密码”，通过人脸识别或注册手机号验证后重设密码。', 'user-info', '找回密码 忘记密码', '示例口径（测试）', ''];
    const upload = (client: ApiClient, body: string, query: Record<string, string>) =>
      client.fetch(`${API.importKnowledge.path}?${new URLSearchParams(query).toString()}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
    const imported = async (client: ApiClient, body: string, query: Record<string, string>) => {
      const res = await upload(client, body, query);
      const json: unknown = await res.json();
      expect({ status: res.status, body: res.status === 200 ? 'ok' : json }).toEqual({ status: 200, body: 'ok' });
      return KnowledgeImportResult.parse(json);
    };
    const before = await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM "KnowledgeArticleVersion"');

    // The preview lists every bad row with its row number and column, and writes nothing; the import refuses the file.
    const bad = csv([plate, ['', '没有问题的口径', 'driving-licence', '', '', ''], ['驾驶证转入怎么办理？', '到车管所办理。', '没有这个类型', '', '', ''], code, ['年检过期了还能开吗？', '不能。', 'motor-vehicle', '', '', '2026-13-40']]);
    const preview = await imported(manager, bad, { dryRun: 'true', fileName: '/tmp/x/口径.csv' });
    expect(preview).toMatchObject({ dryRun: true, fileName: '口径.csv', created: 2, newVersions: 0, unchanged: 0 });
    expect(preview.errors.map((e) => [e.row, e.field])).toEqual([[3, 'question'], [4, 'businessType'], [6, 'validFrom']]);
    const refusedImport = await upload(manager, bad, { fileName: '口径.csv' });
    expect({ status: refusedImport.status, ...ErrorBody.parse(await refusedImport.json()) }).toMatchObject({ status: 400, code: 'bad_rows', field: 'rows[3].question' });
    expect((await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM "KnowledgeArticleVersion"')).rows).toEqual(before.rows);

    // Agents and shift leads may not import (knowledge.publish: the supplier manager).
    expect((await upload(agent, csv([plate]), { dryRun: 'true' })).status).toBe(403);
    expect((await upload(lead, csv([plate]), {})).status).toBe(403);

    // The import publishes at once, the importer as reviewer, and the agent finds the articles.
    const good = csv([plate, code]);
    const first = await imported(manager, good, { fileName: '应答口径.csv' });
    expect(first).toMatchObject({ dryRun: false, created: 2, newVersions: 0, unchanged: 0, errors: [] });
    const plateId = first.rows[0].articleId!;
    const plateArticle = await call(lead, API.knowledgeArticle, article(plateId));
    expect(plateArticle.versions).toEqual([
      expect.objectContaining({ version: 1, status: 'published', businessTypeCode: 'motor-vehicle', keywords: ['车牌', '号牌', '补牌', '丢失'], validFrom: '2026-01-01', reviewNote: 'imported from 应答口径.csv', reviewed: expect.objectContaining({ by: expect.objectContaining({ login: manager.login }) }) }),
    ]);
    expect((await search(agent, '车牌掉了一块怎么补')).hits[0]).toMatchObject({ articleId: plateId, version: 1 });
    expect((await search(agent, '12123密码忘了登不上去')).hits[0]?.articleId).toBe(first.rows[1].articleId);

    // The same file again changes nothing; a changed answer (question the same up to punctuation) is a new version.
    const again = await imported(manager, good, { fileName: '应答口径.csv' });
    expect(again).toMatchObject({ created: 0, newVersions: 0, unchanged: 2 });
    const changed = [plate[0].replace('？', '?'), '号牌丢失的，可通过交管12123App申请补领，新号牌邮寄到家。', ...plate.slice(2)];
    const dry = await imported(manager, csv([changed, code]), { dryRun: 'true' });
    expect(dry.rows.map((r) => [r.action, r.articleId])).toEqual([['new_version', plateId], ['unchanged', first.rows[1].articleId]]);
    const second = await imported(manager, csv([changed, code]), { fileName: '应答口径-v2.csv' });
    expect(second).toMatchObject({ created: 0, newVersions: 1, unchanged: 1 });
    const versions = (await call(lead, API.knowledgeArticle, article(plateId))).versions;
    expect(versions.map((v) => [v.version, v.status, v.reviewNote])).toEqual([[2, 'published', 'imported from 应答口径-v2.csv'], [1, 'superseded', 'imported from 应答口径.csv']]);
    expect((await search(agent, '车牌掉了一块怎么补')).hits[0]).toMatchObject({ articleId: plateId, version: 2, answer: changed[1] });

    // The audit trail holds the import with its author and counts.
    const { rows: audit } = await stack.db.query<{ actorId: number; action: string; after: { created?: number; newVersions?: number; unchanged?: number } }>(
      `SELECT "actorId", "action", "detail"->'after' AS "after" FROM "AuditLog" WHERE "target" = 'knowledge:import' AND "outcome" = 'ok' AND "detail"->'after'->>'dryRun' IS NULL ORDER BY "id"`,
    );
    expect(audit.map((a) => [a.actorId, a.action, a.after.created, a.after.newVersions, a.after.unchanged])).toEqual(
      [[2, 0, 0], [0, 0, 2], [0, 1, 1]].map((counts) => [manager.userId, 'importKnowledge', ...counts]),
    );

    // An xlsx workbook with English headers: the type by its English name, a date cell, keywords split on ';'.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('口径');
    sheet.addRow(['question', 'answer', 'businessType', 'keywords', 'validTo']);
    sheet.addRow(['临时号牌最多能申领几次？', '临时行驶车号牌一般不超过三次。', 'Motor-vehicle business', '临牌; 临时号牌', new Date(Date.UTC(2030, 11, 31))]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await manager.fetch(`${API.importKnowledge.path}?fileName=k.xlsx`, { method: 'POST', headers: { 'content-type': IMPORT_CONTENT_TYPES[1] }, body: new Uint8Array(xlsx) });
    const fromXlsx = KnowledgeImportResult.parse(await res.json());
    expect(fromXlsx).toMatchObject({ created: 1, rows: [{ row: 2, businessTypeCode: 'motor-vehicle', action: 'create' }] });
    expect((await call(agent, API.knowledgeArticle, article(fromXlsx.rows[0].articleId!))).versions[0]).toMatchObject({ keywords: ['临牌', '临时号牌'], validTo: '2030-12-31' });
  });

  it('promotes a finished request to a case that carries no caller data; the bureau reads cases and cannot write them', async () => {
    const { rows } = await stack.db.query<{ id: number }>(
      `INSERT INTO "ServiceRequest" ("channel", "callId", "agentId", "createdById", "businessTypeCode", "summary", "question", "outcome", "callerHash", "callerMasked",
        "status", "receivedAt", "day", "completedAt", "updatedAt")
       VALUES ('call', 'call-kb-1', 'A07', $1, 'user-info', '市民忘记交管12123密码', '怎么找回密码', 'answered', $2, $3, 'done', now(), $4, now(), now()) RETURNING id`,
      [agent.userId, HASH, MASKED, dayKey(new Date(), 'Asia/Shanghai')],
    );
    const requestId = rows[0].id;
    // phone numbers typed into the texts (any written form) are masked; a recording's file name stays as is
    const body: BodyOf<typeof API.addKnowledgeCase> = {
      requestId, title: '找回密码的标准解答 回拨 139.1234.5678', recordingRef: 'rec-20261207-0001.wav', lesson: '先确认注册手机号（一三九１２３４ 56 78）是否还在使用，可拨 12123。',
    };
    expect((await bureau.send('POST', API.addKnowledgeCase.path, body)).status).toBe(403);
    expect((await agent.send('POST', API.addKnowledgeCase.path, body)).status).toBe(403);
    expect(await refused(lead, 'POST', API.addKnowledgeCase.path, { ...body, recordingRef: '13912345678.wav' })).toMatchObject({ status: 400, field: 'recordingRef' });
    const created = await call(lead, API.addKnowledgeCase, API.addKnowledgeCase.path, body);
    expect(created).toMatchObject({ requestId, businessTypeCode: 'user-info', summary: '市民忘记交管12123密码', outcome: 'answered', callId: 'call-kb-1', agentId: 'A07' });
    expect(created).toMatchObject({ title: '找回密码的标准解答 回拨 139****5678', recordingRef: 'rec-20261207-0001.wav', lesson: '先确认注册手机号（139****5678）是否还在使用，可拨 12123。' });
    expect(await refused(lead, 'POST', API.addKnowledgeCase.path, body)).toEqual({ status: 409, code: 'already_a_case', field: 'requestId' });
    expect(await refused(lead, 'POST', API.addKnowledgeCase.path, { ...body, requestId: requestId + 1000 })).toEqual({ status: 404, code: 'not_found', field: 'requestId' });

    const listed = await call(bureau, API.listKnowledgeCases, `${API.listKnowledgeCases.path}?businessTypeCode=user-info&q=${encodeURIComponent('密码')}`);
    expect(listed.map((c) => c.id)).toEqual([created.id]);
    const raw = JSON.stringify((await bureau.get(API.listKnowledgeCases.path)).body);
    expect(raw).not.toContain(MASKED);
    expect(raw).not.toContain(HASH);
    expect(raw).not.toMatch(/caller/i);
    expect(raw).not.toMatch(/13912345678|139\.1234|１２３４/);
    expect(await call(agent, API.listKnowledgeCases, `${API.listKnowledgeCases.path}?q=${encodeURIComponent('没有这个')}`)).toEqual([]);
  });
});
