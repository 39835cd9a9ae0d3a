import { Inject, Injectable } from '@nestjs/common';
import {
  COMPLAINT_CHANNEL_LABELS, COMPLAINT_CHANNELS, COMPLAINT_IMPORT_COLUMNS, COMPLAINT_VERDICTS, ComplaintBody, type Blocker, type ComplaintView, type ImportResult,
  type PersonRef, type VerdictBody,
} from '@hotline/contracts';
import { monthKey } from '@hotline/events';
import { ZodError } from 'zod';
import { auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Complaint } from '../generated/prisma/client.js';
import { CallerVault, isCallerHash, type ProtectedCaller } from '../privacy/caller-vault.js';
import { CallerRepository, insertCallers } from '../privacy/caller.repository.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { LOCKED_WRITE, MonthStateService, type RegisterSource } from './month-state.js';
import { PeopleService } from './people.js';
import { assertEntryWindow, type EntryClock } from '../common/entry-window.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { assertImportable, parseImportInstant } from './register-common.js';
import { RowErrors, readTable } from './table-import.js';

type Channel = (typeof COMPLAINT_CHANNELS)[number];
type Verdict = (typeof COMPLAINT_VERDICTS)[number];
const isChannel = (v: string): v is Channel => (COMPLAINT_CHANNELS as readonly string[]).includes(v);
const isVerdict = (v: string): v is Verdict => (COMPLAINT_VERDICTS as readonly string[]).includes(v);

/** A channel as an import may write it: our name (`hotline`) or the console's label (`12345平台`). */
const CHANNEL_BY_TEXT = new Map<string, Channel>([
  ...COMPLAINT_CHANNELS.map((c): [string, Channel] => [c.toLowerCase(), c]),
  ...COMPLAINT_CHANNELS.map((c): [string, Channel] => [COMPLAINT_CHANNEL_LABELS[c].toLowerCase(), c]),
]);

/** A complaint checked against the ledger, not yet against its month's state: everything but its author and correction. */
interface PreparedComplaint {
  month: string;
  receivedAt: Date;
  channel: Channel;
  callId: string | null;
  agentId: string | null;
  callerHash: string | null;
  callerMasked: string | null;
  content: string;
  /** The body's correction reason (checked against the month's state when stored). */
  correctionReason: string | undefined;
  /** The caller to store in the Caller table (encrypted), when the body gave a number. */
  caller: ProtectedCaller | null;
}

/** The number as hashed and masked: without spaces and the separators `-().` (the vault hashes it so too). */
const normaliseNumber = (n: string): string => n.replace(/[\s\-().]/g, '');

/** Same complaint twice (an import run again): same instant, same call, same text. */
const duplicateKey = (c: { receivedAt: Date; callId: string | null; content: string }): string => `${c.receivedAt.toISOString()}|${c.callId ?? ''}|${c.content}`;

/**
 * The complaints register (投诉): complaints as received (linked call and agent, the caller masked), then adjudicated
 * — pending until a person decides justified (有责) or not; only justified ones count in the score
 * (`justifiedComplaints`, contract.md 投诉). The month of a complaint is the local month of its `receivedAt`.
 */
@Injectable()
export class ComplaintsService implements RegisterSource {
  readonly register = 'complaints' as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly states: MonthStateService,
    private readonly people: PeopleService,
    private readonly ledger: LedgerRepository,
    private readonly callers: CallerRepository,
    @Inject(CallerVault) private readonly vault: CallerVault,
  ) {}

  /** Complaints received in `month` (YYYY-MM), oldest first, callers masked. */
  async list(month: string): Promise<ComplaintView[]> {
    const rows = await this.prisma.complaint.findMany({ where: { month }, orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }] });
    const person = await this.people.refs(rows.flatMap((r) => [r.createdById, r.adjudicatedById]));
    return rows.map((r) => view(r, person));
  }

  /**
   * Records a complaint as received (verdict pending). The caller's number is stored only encrypted (Caller table) and
   * as its keyed hash; the register shows it masked. Without a number, a linked call's caller is used. The state is
   * checked and the row written in one transaction holding the month's lock (MonthStateService.lock), so that a
   * close of the month and other writes of it are serialised with this one.
   * @throws DomainError 400 `unknown_call` (field `callId`) when the call is not in the ledger; 400 `agent_mismatch`
   *   (field `agentId`) when the body names another agent than the call's; 400 `unknown_agent` (field `agentId`)
   *   for an agent id neither the ledger nor an account knows; 400 `in_future` / `out_of_window` (field `receivedAt`)
   *   outside the registers' window (common/entry-window assertEntryWindow: from the first day of the quarter before the ledger's feed clock's
   *   to now); the month-state refusals of {@link MonthStateService.assertWritable}.
   */
  async add(body: ComplaintBody, userId: number): Promise<ComplaintView> {
    const prepared = await this.prepare(body, await this.ledger.entryClock());
    const row = await this.prisma.$transaction(async (tx) => {
      await this.states.lock(tx, 'complaints', prepared.month);
      const correctionReason = await this.states.assertWritable('complaints', prepared.month, prepared.correctionReason, tx);
      if (prepared.caller) await insertCallers(tx, [prepared.caller]);
      return tx.complaint.create({ data: { ...storable(prepared), correctionReason, createdById: userId } });
    }, LOCKED_WRITE);
    const after = view(row, await this.people.refs([userId]));
    auditNote({ after, target: `complaint:${row.id}` });
    return after;
  }

  /**
   * Adjudicates a complaint: justified (有责) or not, and why. A verdict may be changed while the month is open; in a
   * confirmed month only as a correction (`correctionReason`), which is kept with the complaint.
   * @throws DomainError 404 `not_found` (field `id`); the month-state refusals of {@link MonthStateService.assertWritable}.
   */
  async verdict(id: number, body: VerdictBody, userId: number): Promise<ComplaintView> {
    const found = await this.prisma.complaint.findUnique({ where: { id }, select: { month: true } });
    if (!found) throw new DomainError('not_found', `no complaint ${id}`, 'id');
    const { before, row } = await this.prisma.$transaction(async (tx) => {
      await this.states.lock(tx, 'complaints', found.month);
      const before = await tx.complaint.findUniqueOrThrow({ where: { id } });
      const correctionReason = await this.states.assertWritable('complaints', before.month, body.correctionReason, tx);
      const row = await tx.complaint.update({
        where: { id },
        data: { verdict: body.verdict, verdictReason: body.reason, adjudicatedById: userId, adjudicatedAt: new Date(), correctionReason: correctionReason ?? before.correctionReason },
      });
      return { before, row };
    }, LOCKED_WRITE);
    const person = await this.people.refs([before.createdById, before.adjudicatedById, userId]);
    const after = view(row, person);
    auditNote({ before: view(before, person), after, target: `complaint:${id}` });
    return after;
  }

  /**
   * Imports complaints from CSV or xlsx (columns {@link COMPLAINT_IMPORT_COLUMNS}; `receivedAt` an ISO instant or a
   * local `YYYY-MM-DD HH:mm[:ss]`; `channel` our name or its label). All or nothing: every row is checked as a
   * {@link ComplaintBody} (and its call, agent and time as {@link add} does); a complaint already in the register
   * (same instant, call and text, or twice in the file) is skipped as a duplicate. Every month the rows fall in must
   * be open (an import is never a correction). The duplicate check and the insert run in one transaction holding the
   * months' locks (MonthStateService.lock, in month order): two imports of the same file at once store it once.
   * @throws the refusals of readTable (415, 400 `bad_file` / `unknown_column`), DomainError 400 `bad_rows` naming
   *   the first bad row and field (`rows[3].callId`); 409 `month_not_open` (field `month`) naming a month that is
   *   closed or confirmed.
   */
  async import(body: Buffer | undefined, contentType: string | undefined, userId: number): Promise<ImportResult> {
    const rows = await readTable(body, contentType, COMPLAINT_IMPORT_COLUMNS);
    const errors = new RowErrors();
    const prepared: PreparedComplaint[] = [];
    const clock = await this.ledger.entryClock(); // once for the file, not per row
    for (const { row, values } of rows) {
      const receivedAt = values.receivedAt === undefined ? undefined : parseImportInstant(values.receivedAt, this.config.HOTLINE_TIMEZONE);
      if (values.receivedAt !== undefined && receivedAt === null) {
        errors.add(row, 'receivedAt', 'expected a time YYYY-MM-DD HH:mm[:ss] (local) or an ISO instant');
        continue;
      }
      const channel = values.channel === undefined ? undefined : (CHANNEL_BY_TEXT.get(values.channel.toLowerCase()) ?? values.channel);
      const parsed = ComplaintBody.safeParse({ ...values, receivedAt: receivedAt?.toISOString(), channel });
      if (!parsed.success) {
        errors.add(row, fieldOf(parsed.error), parsed.error.issues[0]?.message ?? 'invalid');
        continue;
      }
      try {
        prepared.push(await this.prepare(parsed.data, clock));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        errors.add(row, error.field ?? 'row', error.message);
      }
    }
    errors.throwIfAny();
    const months = [...new Set(prepared.map((p) => p.month))].sort();
    // A first look outside the transaction (a closed month is refused before anything is locked) ...
    assertImportable('complaints', await Promise.all(months.map(async (month) => ({ month, state: (await this.states.get('complaints', month)).state }))));
    const fresh = await this.prisma.$transaction(
      async (tx) => {
        // ... and the one that counts, under the months' locks: states, duplicates and the insert in one go.
        for (const month of months) await this.states.lock(tx, 'complaints', month);
        assertImportable('complaints', await Promise.all(months.map(async (month) => ({ month, state: (await this.states.get('complaints', month, tx)).state }))));
        const existing = await tx.complaint.findMany({ where: { month: { in: months } }, select: { receivedAt: true, callId: true, content: true } });
        const seen = new Set(existing.map(duplicateKey));
        const fresh = prepared.filter((p) => {
          const key = duplicateKey(p);
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        await insertCallers(tx, fresh.flatMap((p) => (p.caller ? [p.caller] : [])));
        if (fresh.length) await tx.complaint.createMany({ data: fresh.map((p) => ({ ...storable(p), correctionReason: null, createdById: userId })) });
        return fresh;
      },
      LOCKED_WRITE,
    );
    const result = { created: fresh.length, duplicates: prepared.length - fresh.length };
    auditNote({ after: { ...result, months }, target: `complaints:import` });
    return result;
  }

  /** `{ justifiedComplaints }`: complaints received in `month` and adjudicated justified (有责). */
  async figures(month: string): Promise<Record<string, number>> {
    return { justifiedComplaints: await this.prisma.complaint.count({ where: { month, verdict: 'justified' } }) };
  }

  /** `complaints_pending` (`{ count }`: N complaint(s) await a verdict) while any complaint of `month` is pending. */
  async blockers(month: string): Promise<Blocker[]> {
    const pending = await this.prisma.complaint.count({ where: { month, verdict: 'pending' } });
    return pending ? [{ code: 'complaints_pending', message: `${pending} complaint${pending > 1 ? 's' : ''} await${pending > 1 ? '' : 's'} a verdict`, params: { count: pending } }] : [];
  }

  /**
   * Checks a complaint body against the ledger and the clock (not the month's state: the writer checks that under
   * the month's lock), and protects the caller's number.
   * @throws DomainError 400 `in_future` / `out_of_window` (field `receivedAt`), `unknown_call` (field `callId`), `agent_mismatch` /
   *   `unknown_agent` (field `agentId`).
   */
  private async prepare(body: ComplaintBody, clock: EntryClock): Promise<PreparedComplaint> {
    const receivedAt = new Date(body.receivedAt);
    assertEntryWindow('happened', 'receivedAt', receivedAt, clock, this.config.HOTLINE_TIMEZONE);
    const month = monthKey(receivedAt, this.config.HOTLINE_TIMEZONE);
    let call: { agentId: string | null; callerId: string | null } | null = null;
    if (body.callId !== undefined) {
      call = await this.prisma.call.findUnique({ where: { callId: body.callId }, select: { agentId: true, callerId: true } });
      if (!call) throw new DomainError('unknown_call', `no call "${body.callId}" in the ledger`, 'callId');
      if (body.agentId !== undefined && call.agentId !== null && call.agentId !== body.agentId) {
        throw new DomainError('agent_mismatch', `call "${body.callId}" was answered by agent ${call.agentId}, not ${body.agentId}`, 'agentId');
      }
    }
    if (body.agentId !== undefined && call?.agentId !== body.agentId && !(await this.knownAgent(body.agentId))) {
      throw new DomainError('unknown_agent', `agentId: no agent "${body.agentId}" in the ledger or among the accounts`, 'agentId');
    }
    let caller: ProtectedCaller | null = null;
    let callerHash: string | null = null;
    let callerMasked: string | null = null;
    if (body.caller !== undefined) {
      caller = this.vault.protect(normaliseNumber(body.caller));
      callerHash = caller.hash;
      callerMasked = caller.masked || null;
    } else if (call && isCallerHash(call.callerId)) {
      callerHash = call.callerId;
      callerMasked = (await this.callers.find(call.callerId!))?.masked ?? null;
    }
    return {
      month, receivedAt, channel: body.channel, callId: body.callId ?? null, agentId: body.agentId ?? call?.agentId ?? null, callerHash, callerMasked,
      content: body.content, correctionReason: body.correctionReason, caller,
    };
  }

  /** Whether an agent id is known: an account's (User.agentId) or one the ledger has seen answer a call. */
  private async knownAgent(agentId: string): Promise<boolean> {
    const [user, call] = await Promise.all([
      this.prisma.user.findFirst({ where: { agentId }, select: { id: true } }),
      this.prisma.call.findFirst({ where: { agentId }, select: { callId: true } }),
    ]);
    return user !== null || call !== null;
  }
}

/** The columns of a prepared complaint (its correction reason is the writer's, once the month's state is known). */
function storable(p: PreparedComplaint) {
  return {
    month: p.month, receivedAt: p.receivedAt, channel: p.channel, callId: p.callId, agentId: p.agentId, callerHash: p.callerHash, callerMasked: p.callerMasked,
    content: p.content,
  };
}

/** The field a row's validation failed on (the first issue's top-level key). */
function fieldOf(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'row';
  if (issue.code === 'unrecognized_keys') return issue.keys[0] ?? 'row';
  return String(issue.path[0] ?? 'row');
}

/** A complaint row as the register shows it. */
function view(r: Complaint, person: (id: number) => PersonRef): ComplaintView {
  return {
    id: r.id,
    month: r.month,
    receivedAt: r.receivedAt.toISOString(),
    channel: isChannel(r.channel) ? r.channel : 'other',
    callId: r.callId,
    agentId: r.agentId,
    caller: r.callerMasked,
    content: r.content,
    verdict: isVerdict(r.verdict) ? r.verdict : 'pending',
    verdictReason: r.verdictReason,
    adjudicated: r.adjudicatedById !== null && r.adjudicatedAt !== null ? { by: person(r.adjudicatedById), at: r.adjudicatedAt.toISOString() } : null,
    correctionReason: r.correctionReason,
    createdBy: person(r.createdById),
    createdAt: r.createdAt.toISOString(),
  };
}
