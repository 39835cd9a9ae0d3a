import { Inject, Injectable } from '@nestjs/common';
import { parseIntakePush, type IntakeCallRecord, type IntakePushResult } from '@hotline/contracts';
import { CallEventSchema, eventTimeProblem, unstorableValue, type CallEvent } from '@hotline/events';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RedisService } from '../redis/redis.module.js';
import type { IntakeCaller } from './intake-auth.service.js';
import { IntakeStatsService } from './intake-stats.service.js';

/** An event id accepted from a source is remembered this long (seconds): the same batch again within it adds nothing. */
export const INTAKE_DEDUP_SECONDS = 86_400;
/** Events dated further ahead than this are refused (the feed would dead-letter them: a wrong clock). */
const MAX_FUTURE_MS = 7 * 86_400_000;

/**
 * Adds the batch's events to the live stream, skipping those already accepted: for each event in order, when its
 * dedup key does not exist, XADD it (fields `type`, `event` = JSON, like `hotline replay`) and then set the key
 * with a TTL. One script, so Redis runs it atomically (no other push interleaves), and the key is set only after
 * its XADD succeeded: an error midway leaves the rest unmarked for the client's retry.
 * KEYS[1] the stream, KEYS[2..n+1] the dedup keys; ARGV[1] the TTL (s), then per event its type and JSON.
 * @returns how many events were added.
 */
const PUSH_SCRIPT = `
local ttl = tonumber(ARGV[1])
local added = 0
for i = 2, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    local j = 2 * (i - 1)
    redis.call('XADD', KEYS[1], '*', 'type', ARGV[j], 'event', ARGV[j + 1])
    redis.call('SET', KEYS[i], '1', 'EX', ttl)
    added = added + 1
  end
end
return added
`;

/**
 * A pushed id in the source's namespace: `<source>:<id>`, unchanged when it already starts with `<source>:`. Every
 * `callId` and `eventId` a source pushes goes through it, so a push can only ever touch its own source's calls and
 * event ids (another source's `gdcdr:P-002` pushed by `platform-a` becomes `platform-a:gdcdr:P-002`).
 */
export function namespaced(source: string, id: string): string {
  return id.startsWith(`${source}:`) ? id : `${source}:${id}`;
}

/**
 * Canonical events of one per-call record (libs/contracts IntakeCallRecord documents the mapping): the call's id is
 * `<source>:<callId>` ({@link namespaced}), event ids `<source>:<callId>:<stage>`: deterministic, so the same record
 * pushed again gives the same events, and two sources' records with the same `callId` stay two calls.
 */
export function eventsOfCall(record: IntakeCallRecord, source: string): CallEvent[] {
  const ms = (iso: string) => Date.parse(iso);
  const iso = (t: number) => new Date(t).toISOString();
  const secs = (from: number, to: number) => Math.max(0, (to - from) / 1000);
  const callId = namespaced(source, record.callId);
  const ev = (stage: string) => ({ eventId: `${callId}:${stage}`, callId, source });
  const arrived = ms(record.arrivedAt);
  const ended = ms(record.endedAt);
  const events: CallEvent[] = [{
    ...ev('offered'), ts: iso(arrived), type: 'call.offered',
    ...(record.callerId !== undefined ? { callerId: record.callerId } : {}),
    ...(record.did !== undefined ? { did: record.did } : {}),
    ...(record.category !== undefined ? { category: record.category } : {}),
  }];
  if (record.queuedAt === undefined && record.answeredAt === undefined) {
    events.push({ ...ev('ivr'), ts: iso(ended), type: 'ivr.completed', ivrSeconds: record.ivrSeconds ?? secs(arrived, ended) });
  } else {
    const queued = record.queuedAt !== undefined ? ms(record.queuedAt) : arrived;
    const queue = record.queue ?? 'default';
    events.push({ ...ev('queued'), ts: iso(queued), type: 'queue.entered', queue });
    if (record.answeredAt !== undefined) {
      const answered = ms(record.answeredAt);
      const agentId = record.agentId ?? null;
      events.push({ ...ev('answered'), ts: iso(answered), type: 'agent.answered', agentId, waitSeconds: secs(queued, answered), queue });
      events.push({
        ...ev('ended'), ts: iso(ended), type: 'call.ended', agentId, talkSeconds: secs(answered, ended), endedBy: record.endedBy ?? 'unknown',
        ...(record.wrapSeconds !== undefined ? { wrapSeconds: record.wrapSeconds } : {}),
      });
    } else {
      events.push({ ...ev('lost'), ts: iso(ended), type: 'call.abandoned', where: 'queue', reason: record.lossReason ?? 'hangup', waitSeconds: secs(queued, ended), queue });
    }
  }
  if (record.survey !== undefined) events.push({ ...ev('survey'), ts: iso(ended), type: 'survey.answered', rating: record.survey });
  return events;
}

/**
 * One resulting canonical event as the ledger would take it: the schema again (an id namespaced past its length
 * limit), the event's time (`eventTimeProblem`) and every value (`unstorableValue`).
 * @param field the input's field path of a path in the event.
 * @throws DomainError 400 `invalid_request` naming that field.
 */
function storable(event: CallEvent, now: number, field: (path: (string | number)[]) => string): CallEvent {
  const checked = CallEventSchema.safeParse(event);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const at = field((issue?.path ?? []) as (string | number)[]);
    throw new DomainError('invalid_request', `${at}: ${issue?.message ?? 'not a valid event'}`, at);
  }
  const late = eventTimeProblem(checked.data.ts, now);
  if (late) throw new DomainError('invalid_request', `${field(['ts'])}: ${late}`, field(['ts']));
  const bad = unstorableValue(checked.data);
  if (bad) throw new DomainError('invalid_request', `${field(bad.path)}: ${bad.message}`, field(bad.path));
  return checked.data;
}

/**
 * The field of a per-call record an event's value came from ({@link eventsOfCall}): copied fields keep their name,
 * ids come from `callId`, times and computed durations from the record's instant that ends them.
 */
function recordField(record: IntakeCallRecord, event: CallEvent, path: (string | number)[]): string {
  const name = String(path[0] ?? '');
  const stage = event.eventId.slice(event.eventId.lastIndexOf(':') + 1);
  const instantOf: Record<string, keyof IntakeCallRecord> = { offered: 'arrivedAt', queued: record.queuedAt !== undefined ? 'queuedAt' : 'arrivedAt', answered: 'answeredAt' };
  switch (name) {
    case 'eventId':
    case 'callId':
      return 'callId';
    case 'ts':
      return instantOf[stage] ?? 'endedAt';
    case 'waitSeconds':
      return stage === 'answered' ? 'answeredAt' : 'endedAt';
    case 'talkSeconds':
      return 'endedAt';
    case 'ivrSeconds':
      return record.ivrSeconds !== undefined ? 'ivrSeconds' : 'endedAt';
    case 'rating':
      return 'survey';
    case 'reason':
      return 'lossReason';
    case '':
      return 'callId';
    default:
      return ['callerId', 'did', 'category', 'queue', 'agentId', 'wrapSeconds', 'endedBy'].includes(name) ? name : 'callId';
  }
}

/**
 * The platform push: the whole batch is read and checked before anything is written (a 400 naming the first wrong
 * field: `events.3.waitSeconds`, `calls.0.endedAt`, also for a value the ledger could not store), each event's `source`
 * becomes the pushing source's name and its `callId` / `eventId` `<source>:<id>` ({@link namespaced}), then
 * the new events go onto `<HOTLINE_STREAM_PREFIX>events` in one atomic script ({@link PUSH_SCRIPT}), skipping those
 * accepted from the source in the last 24 h. The ledger's event ids make any repeat harmless anyway; the skip makes
 * "the same batch twice" add nothing to the stream either.
 */
@Injectable()
export class IntakePushService {
  private readonly streamKey: string;
  private readonly seenPrefix: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly redis: RedisService,
    private readonly stats: IntakeStatsService,
    private readonly audit: AuditService,
  ) {
    this.streamKey = `${config.HOTLINE_STREAM_PREFIX}events`;
    this.seenPrefix = `${config.HOTLINE_STREAM_PREFIX}intake:seen:`;
  }

  /**
   * Reads a push body into canonical events of the source: `source` becomes the source's name, `callId` and
   * `eventId` are put in the source's namespace ({@link namespaced}, {@link eventsOfCall}), and every resulting
   * event must be storable as the feed consumer would store it (`eventTimeProblem`, `unstorableValue` of
   * @hotline/events, the rule of the dead-letter repair), so a 202 is never followed by a dead letter of the batch.
   * @throws ZodError (400 naming the field) for a body that is neither `{ events }` nor `{ calls }` as documented;
   *   DomainError 400 `in_future` (field `events.<i>.ts` / `calls.<i>.endedAt`) for a time more than 7 days ahead;
   *   DomainError 400 `invalid_request` naming the input's field (`events.0.category`, `calls.3.wrapSeconds`) for a
   *   value the ledger cannot store (a duration above 10^8 s, a NUL character, a time before 1970, an id too long
   *   once namespaced).
   */
  canonical(body: unknown, source: string): CallEvent[] {
    // `source` is forced to the source's name before validation: the client may omit it or send anything.
    const stamped = body !== null && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events)
      ? { ...(body as object), events: ((body as { events: unknown[] }).events).map((e) => (e !== null && typeof e === 'object' && !Array.isArray(e) ? { ...e, source } : e)) }
      : body;
    const batch = parseIntakePush(stamped);
    const now = Date.now();
    const limit = now + MAX_FUTURE_MS;
    if ('events' in batch) {
      return batch.events.map((e, i) => {
        if (Date.parse(e.ts) > limit) throw new DomainError('in_future', `events.${i}.ts: more than 7 days ahead of the server's clock`, `events.${i}.ts`);
        const event = { ...e, eventId: namespaced(source, e.eventId), ...(e.callId !== null ? { callId: namespaced(source, e.callId) } : {}) } as CallEvent;
        return storable(event, now, (path) => ['events', i, ...path].join('.'));
      });
    }
    return batch.calls.flatMap((record, i) => {
      if (Date.parse(record.endedAt) > limit) throw new DomainError('in_future', `calls.${i}.endedAt: more than 7 days ahead of the server's clock`, `calls.${i}.endedAt`);
      return eventsOfCall(record, source).map((event) => storable(event, now, (path) => `calls.${i}.${recordField(record, event, path)}`));
    });
  }

  /**
   * Accepts a push: validates the whole batch, then adds the new events to the live stream.
   * @returns how many were added and how many skipped as already accepted (or repeated in the batch).
   * @throws as {@link canonical} (the refusal is counted in the source's refused pushes); Redis errors (500, nothing
   *   acknowledged: the client retries, and what was added before the error is skipped then).
   */
  async push(body: unknown, caller: IntakeCaller, ip: string | null): Promise<IntakePushResult> {
    let events: CallEvent[];
    try {
      events = this.canonical(body, caller.source);
    } catch (error) {
      await this.stats.recordRejection(caller.source);
      throw error;
    }
    // Event ids start with `<source>:` ({@link canonical}): the dedup keys are per source.
    const keys = [this.streamKey, ...events.map((e) => `${this.seenPrefix}${e.eventId}`)];
    const args = [String(INTAKE_DEDUP_SECONDS), ...events.flatMap((e) => [e.type, JSON.stringify(e)])];
    const accepted = Number(await this.redis.client.eval(PUSH_SCRIPT, keys.length, ...keys, ...args));
    const newest = events.reduce<number | null>((max, e) => Math.max(max ?? -Infinity, Date.parse(e.ts)), null);
    await this.stats.recordPush(caller.source, accepted, newest);
    const result: IntakePushResult = { source: caller.source, accepted, duplicates: events.length - accepted };
    // The trail: who pushed (the source and key) and what came of it; never the events (callers' numbers).
    await this.audit.record({
      actor: { id: null, login: `intake:${caller.source}` },
      ip,
      action: 'pushIntakeEvents',
      target: `intake-source:${caller.source}`,
      outcome: 'ok',
      detail: { keyId: caller.keyId, shape: body !== null && typeof body === 'object' && 'calls' in body ? 'calls' : 'events', events: events.length, ...result },
    });
    return result;
  }
}
