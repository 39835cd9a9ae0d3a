import { createHash } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import {
  CALL_IMPORT_PREVIEW_CELL_CHARS,
  CALL_IMPORT_PREVIEW_ROWS,
  CallImportMapping,
  CallImportRowError,
  maskCallerNumber,
  maskPhoneNumbers,
  suggestCallImportColumns,
  type CallImportCheck,
  type CallImportPreset,
  type CallImportPresetBody,
  type CallImportPreview,
  type CallImportQuery,
  type CallImportSummary,
  type CallImportView,
  type PersonRef,
  type PreviousImport,
} from '@hotline/contracts';
import { CdrReader, missingCdrColumns, type CdrField, type CdrRow, type CdrRowError, type DeadLetter } from '@hotline/events';
import { z } from 'zod';
import { AuditService, auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { CallImport, CallImportPreset as PresetRow } from '../generated/prisma/client.js';
import { fileBaseName } from '../privacy/dead-letter-privacy.js';
import { CallerVault } from '../privacy/caller-vault.js';
import { RedisService } from '../redis/redis.module.js';
import { PeopleService } from '../registers/people.js';
import { stored } from '../roster/roster.mapper.js';
import { mediaType } from '../registers/table-import.js';
import { readCdrFile, type CdrTable } from './cdr-file.js';
import { CallImportsRepository } from './call-imports.repository.js';

/** Name of the import queue (BullMQ). */
export const CALL_IMPORT_QUEUE = 'call-import';

/** Rows per chunk of the job: their events go to Redis in one pipeline, then the progress is stored. */
export const IMPORT_CHUNK_ROWS = 500;

/** A row error as people see it: every phone-like run in the reason masked (a cell value may be quoted). */
function shownError(e: CdrRowError): CallImportRowError {
  return { row: e.row, field: e.field, ...(e.column !== undefined ? { column: e.column } : {}), reason: maskPhoneNumbers(e.reason) };
}

/** One line per bad row: `row 7: answer "x" is not ...; end ...`. */
function rowReasons(errors: readonly CdrRowError[]): string {
  return errors.map((e) => `${e.field}${e.column ? ` (${e.column})` : ''}: ${e.reason}`).join('; ');
}

/** What reading a whole file with a mapping gave. */
interface FileCheck extends CallImportCheck {
  rawErrors: CdrRowError[];
}

/**
 * Call-record imports: presets (saved mappings), the dry run, the import job (events to the backfill stream
 * `<prefix>backfill`, bad rows to `<prefix>dead-letters`), its state and history.
 *
 * Caller numbers: the preview masks them; the file (which holds them) waits for its job in the CallImport row,
 * encrypted with the CallerVault (AES-256-GCM) and erased when the job ends; the BullMQ job data is only the
 * import's id, so Redis never holds the file. Numbers are never logged.
 */
@Injectable()
export class CallImportsService {
  private readonly logger = new Logger(CallImportsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(CALL_IMPORT_QUEUE) private readonly queue: Queue,
    private readonly repository: CallImportsRepository,
    private readonly vault: CallerVault,
    private readonly redis: RedisService,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
  ) {}

  // --- presets ---------------------------------------------------------------------------------------------------

  private presetView(row: PresetRow, by: (id: number) => PersonRef): CallImportPreset {
    return {
      id: row.id, name: row.name, mapping: stored(CallImportMapping, row.mapping, `call import preset ${row.id} mapping`),
      createdBy: by(row.createdById), createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** Every preset, by name. */
  async presets(): Promise<CallImportPreset[]> {
    const rows = await this.repository.presets();
    const by = await this.people.refs(rows.map((r) => r.createdById));
    return rows.map((r) => this.presetView(r, by));
  }

  /** @throws DomainError 409 `duplicate_name` (field `name`). */
  async createPreset(body: CallImportPresetBody, userId: number): Promise<CallImportPreset> {
    const row = await this.repository.createPreset(body.name, body.mapping, userId);
    if (!row) throw new DomainError('duplicate_name', `a preset named "${body.name}" exists already`, 'name');
    auditNote({ after: { name: row.name, mapping: body.mapping }, target: `callImportPreset:${row.id}` });
    return this.presetView(row, await this.people.refs([row.createdById]));
  }

  /** @throws DomainError 404 `not_found` (field `id`), 409 `duplicate_name` (field `name`). */
  async updatePreset(id: number, body: CallImportPresetBody, userId: number): Promise<CallImportPreset> {
    const before = await this.repository.preset(id);
    if (!before) throw new DomainError('not_found', `no preset ${id}`, 'id');
    const row = await this.repository.updatePreset(id, body.name, body.mapping, userId);
    if (!row) throw new DomainError('duplicate_name', `a preset named "${body.name}" exists already`, 'name');
    auditNote({ before: { name: before.name, mapping: before.mapping }, after: { name: row.name, mapping: body.mapping }, target: `callImportPreset:${id}` });
    return this.presetView(row, await this.people.refs([row.createdById]));
  }

  /** @throws DomainError 404 `not_found` (field `id`). */
  async deletePreset(id: number): Promise<void> {
    const before = await this.repository.preset(id);
    if (!before) throw new DomainError('not_found', `no preset ${id}`, 'id');
    await this.repository.deletePreset(id);
    auditNote({ before: { name: before.name, mapping: before.mapping }, target: `callImportPreset:${id}` });
  }

  // --- preview and import ----------------------------------------------------------------------------------------

  /**
   * The mapping of a request: given as JSON, or a preset's (by name).
   * @returns null when neither is given.
   * @throws DomainError 400 `invalid_request` when both are given (field `mapping`); 404 `not_found` for an unknown preset (field `preset`).
   */
  private async mappingOf(query: CallImportQuery): Promise<{ mapping: CallImportMapping; preset: string | null } | null> {
    if (query.mapping && query.preset) throw new DomainError('invalid_request', 'give the mapping or a preset, not both', 'mapping');
    if (query.mapping) return { mapping: query.mapping, preset: null };
    if (!query.preset) return null;
    const row = await this.repository.presetByName(query.preset);
    if (!row) throw new DomainError('not_found', `no preset named "${query.preset}"`, 'preset');
    return { mapping: stored(CallImportMapping, row.mapping, `call import preset ${row.id} mapping`), preset: row.name };
  }

  /** @throws DomainError 400 `unknown_column` naming the first mapped column the file lacks (field `mapping.columns.<field>`). */
  private checkColumns(table: CdrTable, mapping: CallImportMapping): void {
    const missing = missingCdrColumns(table.headers, mapping);
    if (missing.length === 0) return;
    const list = missing.map((m) => `${m.field} → "${m.column}"`).join(', ');
    throw new DomainError('unknown_column', `the file has no column ${list}; its columns: ${table.headers.join(', ').slice(0, 500)}`, `mapping.columns.${missing[0]!.field}`);
  }

  private checkFile(table: CdrTable, mapping: CallImportMapping): FileCheck {
    const reader = new CdrReader(mapping);
    const check: FileCheck = { goodRows: 0, duplicates: 0, badRows: 0, events: 0, errors: [], rawErrors: [] };
    for (const row of table.rows) {
      const r = reader.read(row);
      if (r.kind === 'call') {
        check.goodRows++;
        check.events += r.events.length;
      } else if (r.kind === 'duplicate') {
        check.duplicates++;
      } else {
        check.badRows++;
        check.rawErrors.push(...r.errors);
      }
    }
    check.errors = check.rawErrors.map(shownError);
    return check;
  }

  /** A row as the preview shows it: the caller's column masked whole, unmapped and id columns with phone-like runs masked. */
  private shownRow(row: CdrRow, columns: Partial<Record<CdrField, string>>): { row: number; cells: Record<string, string> } {
    const role = new Map<string, CdrField>();
    for (const [field, column] of Object.entries(columns) as [CdrField, string][]) role.set(column, field);
    const cells: Record<string, string> = {};
    for (const [header, value] of Object.entries(row.cells)) {
      const field = role.get(header);
      const shown = field === 'caller' ? (maskCallerNumber(value) ?? '') : field === undefined || field === 'callId' ? maskPhoneNumbers(value) : value;
      cells[header] = shown.length > CALL_IMPORT_PREVIEW_CELL_CHARS ? `${shown.slice(0, CALL_IMPORT_PREVIEW_CELL_CHARS)}…` : shown;
    }
    return { row: row.row, cells };
  }

  /**
   * The earlier import of the same bytes to report: the newest under `source` when there is one, else the newest
   * under another source (`sameSource` false; null when no source is known yet, i.e. no mapping given).
   */
  private async previousImport(sha256: string, source: string | null): Promise<PreviousImport | null> {
    const earlier = (await this.repository.sameFile(sha256)).map((row) => ({ row, source: stored(CallImportMapping, row.mapping, `call import ${row.id} mapping`).source }));
    const same = source === null ? undefined : earlier.find((e) => e.source === source);
    const shown = same ?? earlier[0];
    if (!shown) return null;
    return {
      id: shown.row.id, at: (shown.row.finishedAt ?? shown.row.createdAt).toISOString(), status: shown.row.status,
      source: shown.source, sameSource: source === null ? null : shown.source === source,
    };
  }

  /**
   * The dry run: nothing stored.
   * @throws DomainError as readCdrFile, {@link mappingOf} and {@link checkColumns}.
   */
  async preview(body: Buffer | undefined, contentType: string | undefined, query: CallImportQuery): Promise<CallImportPreview> {
    const table = await readCdrFile(body, contentType, query.encoding);
    const resolved = await this.mappingOf(query);
    const suggested = suggestCallImportColumns(table.headers);
    if (resolved) this.checkColumns(table, resolved.mapping);
    const columns = resolved?.mapping.columns ?? suggested;
    const previous = await this.previousImport(createHash('sha256').update(body!).digest('hex'), resolved?.mapping.source ?? null);
    let check: CallImportCheck | null = null;
    if (resolved) {
      const { rawErrors: _raw, ...shown } = this.checkFile(table, resolved.mapping);
      check = shown;
    }
    return {
      fileName: fileBaseName(query.fileName),
      headers: table.headers,
      totalRows: table.rows.length,
      rows: table.rows.slice(0, CALL_IMPORT_PREVIEW_ROWS).map((r) => this.shownRow(r, columns)),
      suggestedColumns: suggested,
      preset: resolved?.preset ?? null,
      mapping: resolved?.mapping ?? null,
      check,
      previousImport: previous,
      countedTwice: previous?.sameSource === false,
    };
  }

  /**
   * Starts an import job. A file with bad rows is refused unless confirmed (`confirm`); bytes imported already under
   * another source only (their calls would count twice) are refused unless `allowSecondSource`.
   * @throws DomainError 400 `invalid_request` without a mapping or preset (field `mapping`); 409 `bad_rows` (field
   *   `confirm`) naming the count of bad rows and the first ones; 409 `other_source` (field `source`) naming the
   *   earlier import and its source; as {@link preview} otherwise.
   */
  async start(body: Buffer | undefined, contentType: string | undefined, query: CallImportQuery, userId: number): Promise<CallImportView> {
    const table = await readCdrFile(body, contentType, query.encoding);
    const resolved = await this.mappingOf(query);
    if (!resolved) throw new DomainError('invalid_request', 'give the column mapping (?mapping=JSON) or a preset (?preset=name)', 'mapping');
    this.checkColumns(table, resolved.mapping);
    const check = this.checkFile(table, resolved.mapping);
    if (check.badRows > 0 && !query.confirm) {
      const first = check.errors.slice(0, 5).map((e) => `row ${e.row} ${e.field}: ${e.reason}`).join('; ');
      throw DomainError.withStatus('bad_rows', 409, `${check.badRows} bad row(s) (${first}${check.badRows > 5 ? '; ...' : ''}): send confirm=true to import the ${check.goodRows} good row(s) and keep the bad ones as dead letters`, 'confirm');
    }
    const bytes = body!;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const previous = await this.previousImport(sha256, resolved.mapping.source);
    if (previous?.sameSource === false && !query.allowSecondSource) {
      throw new DomainError(
        'other_source',
        `the same file was imported already under source "${previous.source}" (import #${previous.id}); importing it under source "${resolved.mapping.source}" would count every call twice: use source "${previous.source}", or send allowSecondSource=true if the calls really are different`, 'source',
      );
    }
    const sealed = this.vault.encryptText(bytes.toString('base64'));
    const row = await this.repository.createImport({
      fileName: fileBaseName(query.fileName),
      sha256,
      contentType: mediaType(contentType),
      encoding: table.encoding,
      mapping: resolved.mapping,
      presetName: resolved.preset,
      totalRows: table.rows.length,
      goodRows: check.goodRows,
      duplicates: check.duplicates,
      badRows: check.badRows,
      errors: check.errors,
      fileCipher: sealed.cipher,
      fileKeyId: sealed.keyId,
      createdById: userId,
    });
    await this.queue.add('import', { importId: row.id }, { jobId: `call-import-${row.id}`, removeOnComplete: { age: 7 * 86_400 }, removeOnFail: { age: 7 * 86_400 } });
    auditNote({
      after: { id: row.id, fileName: row.fileName, sha256: row.sha256, preset: row.presetName, totalRows: row.totalRows, goodRows: row.goodRows, badRows: row.badRows, confirmed: query.confirm ?? false, secondSourceAllowed: previous?.sameSource === false },
      target: `callImport:${row.id}`,
    });
    return this.view(row.id);
  }

  // --- views -----------------------------------------------------------------------------------------------------

  private summary(row: CallImport, by: (id: number) => PersonRef): CallImportSummary {
    return {
      id: row.id, fileName: row.fileName, sha256: row.sha256, preset: row.presetName,
      status: row.status as CallImportSummary['status'],
      totalRows: row.totalRows, rowsDone: row.rowsDone, goodRows: row.goodRows, duplicates: row.duplicates, badRows: row.badRows,
      eventsWritten: row.eventsWritten, deadLettersWritten: row.deadLettersWritten, failedReason: row.failedReason,
      createdBy: by(row.createdById), createdAt: row.createdAt.toISOString(),
      startedAt: row.startedAt?.toISOString() ?? null, finishedAt: row.finishedAt?.toISOString() ?? null,
    };
  }

  /** An import with its mapping and bad rows. @throws DomainError 404 `not_found` (field `id`). */
  async view(id: number): Promise<CallImportView> {
    const row = await this.repository.import(id);
    if (!row) throw new DomainError('not_found', `no call import ${id}`, 'id');
    return {
      ...this.summary(row, await this.people.refs([row.createdById])),
      mapping: stored(CallImportMapping, row.mapping, `call import ${id} mapping`),
      errors: stored(z.array(CallImportRowError), row.errors, `call import ${id} errors`),
    };
  }

  /** The newest imports first. */
  async list(limit = 20): Promise<CallImportSummary[]> {
    const rows = await this.repository.recent(limit);
    const by = await this.people.refs(rows.map((r) => r.createdById));
    return rows.map((r) => this.summary(r, by));
  }

  // --- the job ---------------------------------------------------------------------------------------------------

  /**
   * The work of an import job: reads the stored file again, sends each chunk of rows' events to the backfill
   * stream and its bad rows to the dead-letter stream (one pipeline per chunk), stores the progress, and erases the
   * file at the end (done or failed). Safe to run again after a crash: event ids and dead-letter keys are
   * deterministic, so entries sent twice are kept once.
   * @param progress - called after each chunk with rows done and total.
   * @throws Error when Redis refuses writes or the file cannot be read back (the import is marked failed).
   */
  async runJob(importId: number, progress: (p: { rowsDone: number; totalRows: number }) => Promise<void>): Promise<void> {
    const row = await this.repository.import(importId);
    if (!row) throw new Error(`call import ${importId} does not exist`);
    if (row.status === 'completed' || row.status === 'failed') return;
    if (!row.fileCipher || !row.fileKeyId) throw new Error(`call import ${importId} has no file any more`);
    await this.repository.update(importId, { status: 'running', startedAt: new Date() });
    const prefix = this.config.HOTLINE_STREAM_PREFIX;
    const eventsKey = `${prefix}backfill`;
    const deadKey = `${prefix}dead-letters`;
    let rowsDone = 0;
    let eventsWritten = 0;
    let deadLettersWritten = 0;
    try {
      const bytes = Buffer.from(this.vault.decryptText(row.fileCipher, row.fileKeyId), 'base64');
      const table = await readCdrFile(bytes, row.contentType, row.encoding as 'utf-8' | 'gb18030' | 'auto');
      const mapping = stored(CallImportMapping, row.mapping, `call import ${importId} mapping`);
      const reader = new CdrReader(mapping);
      const file = row.fileName ?? `call-import-${importId}`;
      for (let at = 0; at < table.rows.length; at += IMPORT_CHUNK_ROWS) {
        const chunk = table.rows.slice(at, at + IMPORT_CHUNK_ROWS);
        const pipeline = this.redis.client.pipeline();
        let events = 0;
        let letters = 0;
        for (const r of chunk) {
          const result = reader.read(r);
          if (result.kind === 'call') {
            for (const event of result.events) pipeline.xadd(eventsKey, '*', 'event', JSON.stringify(event));
            events += result.events.length;
          } else if (result.kind === 'error') {
            const letter: DeadLetter = {
              key: `import:${mapping.source}:${row.sha256.slice(0, 32)}:${r.row}`,
              source: mapping.source, file, line: r.row,
              reason: `row ${r.row}: ${rowReasons(result.errors)}`.slice(0, 2000),
              raw: JSON.stringify(r.cells).slice(0, 10_000),
            };
            pipeline.xadd(deadKey, '*', 'deadLetter', JSON.stringify(letter));
            letters++;
          }
        }
        const results = (await pipeline.exec()) ?? [];
        const failed = results.find(([error]) => error);
        if (failed) throw new Error(`Redis refused a write to the streams: ${failed[0]!.message}`);
        rowsDone += chunk.length;
        eventsWritten += events;
        deadLettersWritten += letters;
        await this.repository.update(importId, { rowsDone, eventsWritten, deadLettersWritten });
        await progress({ rowsDone, totalRows: table.rows.length });
      }
      await this.repository.update(importId, { status: 'completed', finishedAt: new Date(), fileCipher: null, fileKeyId: null });
      await this.audit.record({
        actor: { id: row.createdById, login: null }, ip: null, action: 'callImport.completed', target: `callImport:${importId}`, outcome: 'ok',
        detail: { rows: rowsDone, eventsWritten, deadLettersWritten, stream: eventsKey },
      });
    } catch (error) {
      const reason = maskPhoneNumbers((error as Error).message).slice(0, 1000);
      this.logger.error(`call import ${importId} failed: ${reason}`);
      await this.repository.update(importId, { status: 'failed', failedReason: reason, finishedAt: new Date(), fileCipher: null, fileKeyId: null });
      await this.audit.record({
        actor: { id: row.createdById, login: null }, ip: null, action: 'callImport.failed', target: `callImport:${importId}`, outcome: 'failed',
        detail: { rowsDone, eventsWritten, deadLettersWritten, reason },
      });
      throw error;
    }
  }
}
