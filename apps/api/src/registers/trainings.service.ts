import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ATTACHMENT_CONTENT_TYPES, ATTACHMENT_MAX_BYTES, TRAINING_TOPICS, maskPhoneNumbers, type Blocker, type PersonRef, type TrainingBody, type TrainingView } from '@hotline/contracts';
import { dayKey, nextMonth, startOfDay } from '@hotline/events';
import { z } from 'zod';
import { auditNote } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { assertEntryWindow } from '../common/entry-window.js';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { TrainingSession } from '../generated/prisma/client.js';
import { PrismaService } from '../prisma/prisma.service.js';
import { MonthStateService, type RegisterSource } from './month-state.js';
import { PeopleService, isStaff } from './people.js';
import { assertOpen, monthOfDay } from './register-common.js';

type Topic = (typeof TRAINING_TOPICS)[number];
type AttachmentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];
const isTopic = (v: string): v is Topic => (TRAINING_TOPICS as readonly string[]).includes(v);
const isAttachmentType = (v: string): v is AttachmentType => (ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(v);

/** The first bytes each attachment type starts with (JPEG SOI, PNG signature, `%PDF-`). */
const MAGIC: Record<AttachmentType, Buffer> = {
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'application/pdf': Buffer.from('%PDF-', 'latin1'),
};
const EXTENSION: Record<AttachmentType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

/** The training sessions a published roster placed (libs/roster Roster.training), read leniently from its JSON. */
const RosterTraining = z.object({
  training: z
    .array(z.object({ date: z.string(), start: z.string(), durationMinutes: z.number(), attendees: z.array(z.string()), trainerId: z.string().optional() }))
    .default([]),
});

/** A stored sign-in sheet as it is answered. */
export interface TrainingAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
  sha256: string;
}

/** The training row without its bytes (lists never load them). */
type SessionRow = Omit<TrainingSession, 'attachment'> & { attachmentBytes: number | null };

/**
 * A file name from the `X-File-Name` header, safe to store and to answer in Content-Disposition: percent-decoded
 * when it is percent-encoded (non-ASCII names), the base name only, no control characters, quotes or path
 * separators, a phone number in it masked (maskPhoneNumbers: `138****5678.jpg`), at most 150 characters;
 * `sign-in.<ext>` when nothing is left.
 */
export function sanitiseFileName(header: string | undefined, contentType: AttachmentType): string {
  let name = header ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    /* not percent-encoded: taken as it is */
  }
  name = name.split(/[\\/]/).pop() ?? '';
  name = maskPhoneNumbers(name.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim().replace(/^\.+/, '')).slice(0, 150);
  return name || `sign-in.${EXTENSION[contentType]}`;
}

/**
 * The trainings register (员工培训): sessions with their topic, trainer, minutes and sign-in list (the supplier staff
 * present), and the signed sheet or photo. A session counts in the score (`trainingSessions`, contract.md 员工培训:
 * 专项培训 with sign-in records) when held with at least one attendee. Sessions the published roster planned appear
 * in the list as planned until a session of that day is recorded.
 */
@Injectable()
export class TrainingsService implements RegisterSource {
  readonly register = 'trainings' as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly prisma: PrismaService,
    private readonly states: MonthStateService,
    private readonly people: PeopleService,
    private readonly ledger: LedgerRepository,
  ) {}

  /**
   * The sessions of `month` by day: the register's, then (`source: roster`, no id) those the published roster planned
   * on days with no register session.
   */
  async list(month: string): Promise<TrainingView[]> {
    const rows = await this.rows({ month });
    const person = await this.people.refs(rows.flatMap((r) => [r.createdById, ...r.attendees]));
    const recorded = rows.map((r) => view(r, person));
    const days = new Set(rows.map((r) => r.date));
    const planned = (await this.rosterPlanned(month)).filter((p) => !days.has(p.date));
    return [...recorded, ...planned].sort((a, b) => a.date.localeCompare(b.date) || (a.id ?? Infinity) - (b.id ?? Infinity));
  }

  /**
   * Records a session (held with its sign-in list, or planned).
   * @throws DomainError 400 (field `date`) for a day not on the calendar, 400 `in_future` (field `date`) for a held
   *   session after today (local; a planned one may be ahead), 400 `out_of_window` (field `date`) before the first day
   *   of the quarter before the ledger's feed clock's or more than 2 years ahead; 400 `bad_attendee` (field `attendees`) for an account
   *   that does not exist, is not supplier staff, or is disabled and was so already on the session's day; the
   *   refusals of {@link MonthStateService.assertWritable}.
   */
  async add(body: TrainingBody, userId: number): Promise<TrainingView> {
    const month = monthOfDay(body.date);
    await this.assertNotAhead(body);
    await this.assertAttendees(body.attendees, body.date);
    const correctionReason = await this.states.assertWritable('trainings', month, body.correctionReason);
    const created = await this.prisma.trainingSession.create({ data: { ...fields(body), month, correctionReason, createdById: userId }, select: { id: true } });
    const after = await this.one(created.id);
    auditNote({ after, target: `training:${created.id}` });
    return after;
  }

  /**
   * Replaces a session (e.g. a planned one recorded as held with its sign-in list). Both its month and, when the day
   * moves to another month, the new one must take entries — with a correction reason when either is confirmed
   * (MonthStateService.assertWritableIn); the attachment stays.
   * @throws DomainError 404 (field `id`) and the refusals of {@link add}.
   */
  async update(id: number, body: TrainingBody): Promise<TrainingView> {
    const current = await this.prisma.trainingSession.findUnique({ where: { id }, select: { month: true, correctionReason: true } });
    if (!current) throw new DomainError('not_found', `no training session ${id}`, 'id');
    const month = monthOfDay(body.date);
    await this.assertNotAhead(body);
    await this.assertAttendees(body.attendees, body.date);
    const correctionReason = await this.states.assertWritableIn('trainings', [current.month, month], body.correctionReason);
    const before = await this.one(id);
    await this.prisma.trainingSession.update({ where: { id }, data: { ...fields(body), month, correctionReason: correctionReason ?? current.correctionReason } });
    const after = await this.one(id);
    auditNote({ before, after, target: `training:${id}` });
    return after;
  }

  /** Removes a session recorded by mistake; only while its month is open. @throws DomainError 404 (field `id`), 409 `month_not_open`. */
  async remove(id: number): Promise<void> {
    const before = await this.one(id);
    await assertOpen(this.states, 'trainings', before.month);
    await this.prisma.trainingSession.delete({ where: { id } });
    auditNote({ before, target: `training:${id}` });
  }

  /**
   * Attaches the signed sign-in sheet or a photo (replacing an earlier one): its bytes, type, sanitised name and
   * SHA-256 are kept with the session. In a confirmed month it is a correction: `correctionReason` (header
   * `X-Correction-Reason`) is then required.
   * @throws DomainError 415 `unsupported_media_type` (field `content-type`) for a type not in ATTACHMENT_CONTENT_TYPES;
   *   400 `bad_file` (field `body`) for an empty body or bytes that are not of the type; 413 `too_large` over
   *   ATTACHMENT_MAX_BYTES; 404 (field `id`); the refusals of {@link MonthStateService.assertWritable}.
   */
  async putAttachment(id: number, body: Buffer | undefined, contentType: string | undefined, fileName: string | undefined, correctionReason: string | undefined): Promise<TrainingView> {
    const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!isAttachmentType(type)) {
      throw new DomainError('unsupported_media_type', `send the sheet's bytes with Content-Type ${ATTACHMENT_CONTENT_TYPES.join(', ')}`, 'content-type');
    }
    if (!body || body.length === 0) throw new DomainError('bad_file', 'the file is empty', 'body');
    if (body.length > ATTACHMENT_MAX_BYTES) throw new DomainError('too_large', `at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`, 'body');
    if (!body.subarray(0, MAGIC[type].length).equals(MAGIC[type])) throw new DomainError('bad_file', `the bytes are not a ${type} file`, 'body');
    const before = await this.one(id);
    const reason = await this.states.assertWritable('trainings', before.month, correctionReason);
    const sha256 = createHash('sha256').update(body).digest('hex');
    await this.prisma.trainingSession.update({
      where: { id },
      data: { attachment: new Uint8Array(body), attachmentType: type, attachmentName: sanitiseFileName(fileName, type), attachmentSha256: sha256, correctionReason: reason ?? undefined },
    });
    const after = await this.one(id);
    auditNote({ before, after, target: `training:${id}` });
    return after;
  }

  /** The session's sign-in sheet as attached. @throws DomainError 404 `not_found` (field `id`) for no session or no attachment. */
  async attachment(id: number): Promise<TrainingAttachment> {
    const row = await this.prisma.trainingSession.findUnique({ where: { id }, select: { attachment: true, attachmentName: true, attachmentType: true, attachmentSha256: true } });
    if (!row) throw new DomainError('not_found', `no training session ${id}`, 'id');
    if (!row.attachment || !row.attachmentType) throw new DomainError('not_found', `training session ${id} has no sign-in sheet attached`, 'id');
    return { fileName: row.attachmentName ?? 'sign-in', contentType: row.attachmentType, content: Buffer.from(row.attachment), sha256: row.attachmentSha256 ?? '' };
  }

  /** `{ trainingSessions }`: sessions of `month` held with at least one attendee signed in. */
  async figures(month: string): Promise<Record<string, number>> {
    return { trainingSessions: await this.prisma.trainingSession.count({ where: { month, status: 'held', attendees: { isEmpty: false } } }) };
  }

  /** Nothing keeps a trainings month from closing: a session still planned is simply not counted. */
  async blockers(_month: string): Promise<Blocker[]> {
    return [];
  }

  /** Held sessions of `month` with their attendees and minutes (the staff report's training hours). */
  async held(month: string): Promise<{ id: number; date: string; durationMinutes: number; attendees: number[] }[]> {
    return this.prisma.trainingSession.findMany({
      where: { month, status: 'held' },
      select: { id: true, date: true, durationMinutes: true, attendees: true },
      orderBy: [{ date: 'asc' }, { id: 'asc' }],
    });
  }

  /** One session as the register shows it. @throws DomainError 404 (field `id`). */
  private async one(id: number): Promise<TrainingView> {
    const [row] = await this.rows({ id });
    if (!row) throw new DomainError('not_found', `no training session ${id}`, 'id');
    return view(row, await this.people.refs([row.createdById, ...row.attendees]));
  }

  /** Session rows without their bytes, with the attachment's size. */
  private async rows(where: { month: string } | { id: number }): Promise<SessionRow[]> {
    const rows = await this.prisma.trainingSession.findMany({
      where,
      orderBy: [{ date: 'asc' }, { id: 'asc' }],
      omit: { attachment: true },
    });
    if (rows.length === 0) return [];
    const sizes = await this.prisma.$queryRaw<{ id: number; bytes: number | null }[]>`SELECT id, octet_length(attachment)::int AS bytes FROM "TrainingSession" WHERE id = ANY(${rows.map((r) => r.id)})`;
    const byId = new Map(sizes.map((s) => [s.id, s.bytes]));
    return rows.map((r) => ({ ...r, attachmentBytes: byId.get(r.id) ?? null }));
  }

  /**
   * Checks the session's day against the registers' window (common/entry-window assertEntryWindow): a held session from
   * the first day of the quarter before the ledger's feed clock's to today (local), a planned one up to 2 years ahead.
   * @throws DomainError 400 `in_future` (field `date`) for a session recorded as held after today (local);
   *   400 `out_of_window` (field `date`) before the window, or a planned one more than 2 years ahead.
   */
  private async assertNotAhead(body: TrainingBody, now = new Date()): Promise<void> {
    if (body.status === 'held' && body.date > dayKey(now, this.config.HOTLINE_TIMEZONE)) {
      throw new DomainError('in_future', `date: a session on ${body.date} is not held yet: record it as planned`, 'date');
    }
    assertEntryWindow(body.status === 'held' ? 'happened' : 'planned', 'date', body.date, await this.ledger.entryClock(now), this.config.HOTLINE_TIMEZONE);
  }

  /**
   * Checks the sign-in list: every id an account of the supplier's staff (agent, shift lead, planner, manager) that
   * is active now, or was still on the books on the session's day `date` (disabled since: a leaver who attended).
   * An account created after the session is accepted (the accounts may postdate the sessions they record).
   * @throws DomainError 400 `bad_attendee` (field `attendees`).
   */
  private async assertAttendees(ids: readonly number[], date: string): Promise<void> {
    if (ids.length === 0) return;
    const users = await this.prisma.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, login: true, roles: true, active: true, disabledAt: true } });
    const byId = new Map(users.map((u) => [u.id, u]));
    const dayStart = startOfDay(date, this.config.HOTLINE_TIMEZONE);
    for (const id of ids) {
      const u = byId.get(id);
      if (!u) throw new DomainError('bad_attendee', `attendees: there is no account ${id}`, 'attendees');
      if (!u.active && !(u.disabledAt && u.disabledAt.getTime() >= dayStart.getTime())) {
        throw new DomainError('bad_attendee', `attendees: the account ${u.login} is disabled and had left before ${date}`, 'attendees');
      }
      if (!isStaff(u.roles)) throw new DomainError('bad_attendee', `attendees: ${u.login} is not one of the supplier's staff`, 'attendees');
    }
  }

  /** The sessions the published rosters placed in `month` (training entries of RosterVersion.content). */
  private async rosterPlanned(month: string): Promise<TrainingView[]> {
    const versions = await this.prisma.rosterVersion.findMany({
      where: { status: 'published', roster: { startDate: { lt: `${nextMonth(month)}-01` } } },
      select: { content: true },
    });
    const sessions = versions.flatMap((v) => {
      const parsed = RosterTraining.safeParse(v.content);
      return parsed.success ? parsed.data.training.filter((t) => t.date.startsWith(`${month}-`)) : [];
    });
    if (sessions.length === 0) return [];
    const agentIds = [...new Set(sessions.flatMap((s) => [...s.attendees, ...(s.trainerId ? [s.trainerId] : [])]))];
    const users = await this.prisma.user.findMany({ where: { agentId: { in: agentIds } }, select: { id: true, login: true, displayName: true, agentId: true } });
    const byAgent = new Map(users.map((u) => [u.agentId!, { userId: u.id, login: u.login, name: u.displayName }]));
    return sessions.map((s) => ({
      id: null,
      source: 'roster' as const,
      month,
      date: s.date,
      topic: 'other' as const,
      title: `排班计划培训 ${s.start}`,
      trainer: s.trainerId ? (byAgent.get(s.trainerId)?.name ?? s.trainerId) : '—',
      durationMinutes: s.durationMinutes,
      status: 'planned' as const,
      attendees: s.attendees.flatMap((a) => {
        const p = byAgent.get(a);
        return p ? [p] : [];
      }),
      attachment: null,
      correctionReason: null,
      createdBy: null,
      createdAt: null,
    }));
  }
}

/** The columns a body sets. */
function fields(body: TrainingBody) {
  return { date: body.date, topic: body.topic, title: body.title, trainer: body.trainer, durationMinutes: body.durationMinutes, status: body.status, attendees: body.attendees };
}

function view(r: SessionRow, person: (id: number) => PersonRef): TrainingView {
  return {
    id: r.id,
    source: 'register',
    month: r.month,
    date: r.date,
    topic: isTopic(r.topic) ? r.topic : 'other',
    title: r.title,
    trainer: r.trainer,
    durationMinutes: r.durationMinutes,
    status: r.status === 'held' ? 'held' : 'planned',
    attendees: r.attendees.map(person),
    attachment:
      r.attachmentName !== null && r.attachmentType !== null && r.attachmentSha256 !== null
        ? { fileName: r.attachmentName, contentType: r.attachmentType, bytes: r.attachmentBytes ?? 0, sha256: r.attachmentSha256 }
        : null,
    correctionReason: r.correctionReason,
    createdBy: person(r.createdById),
    createdAt: r.createdAt.toISOString(),
  };
}
