import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ROSTER_CONTROL_CHANNEL, RosterControlMessage, type RosterControlReply, type RosterControlRequest } from '@hotline/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RedisService } from '../redis/redis.module.js';

/** How long a node asking for a cancel or stop waits for the node running the job to answer, ms. */
export const CONTROL_WAIT_MS = 3_000;
/**
 * The request is published once more after this long without an answer, ms: the queue may have made the job active
 * before its node registered it (RosterService.runPlan), and that node stays silent on the first.
 */
const CONTROL_RETRY_MS = 1_000;

/** Whether `answered` settles within `ms` milliseconds (the timer is cleared either way). */
async function within(answered: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([answered.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(resolve, ms, false)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** What a node does with a request for a job: true when it runs the job here and acted (cancel or stop). */
export type ControlHandler = (action: RosterControlRequest['action'], jobId: string) => boolean;

/**
 * Planning-job control between API nodes (issue 18): a cancel or stop asked on a node that does not run the job is
 * published on the Redis channel `<HOTLINE_STREAM_PREFIX>roster:control` ({@link RosterControlMessage}); the node
 * that runs it acts exactly as for a local request and replies `done`; nodes that do not run it stay silent. The
 * asking node waits at most {@link CONTROL_WAIT_MS} for the reply. Messages that do not parse are logged and dropped.
 */
@Injectable()
export class RosterControl implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RosterControl.name);
  private readonly channel: string;
  private readonly node: string;
  private subscriber: Redis | null = null;
  private handler: ControlHandler = () => false;
  /** Requests of this node waiting for their reply, by request id. */
  private readonly waiting = new Map<string, () => void>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly redis: RedisService,
  ) {
    this.channel = `${config.HOTLINE_STREAM_PREFIX}${ROSTER_CONTROL_CHANNEL}`;
    this.node = config.HOTLINE_CONSUMER;
  }

  async onModuleInit(): Promise<void> {
    const subscriber = this.redis.client.duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, text: string) => this.receive(text));
    await subscriber.subscribe(this.channel);
  }

  async onModuleDestroy(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }

  /** Sets what this node does with a request (RosterService: act on a job it runs). */
  handle(handler: ControlHandler): void {
    this.handler = handler;
  }

  /**
   * Asks the node running `jobId` to cancel or stop it.
   * @returns true when that node answered that it acted; false when no node answered within {@link CONTROL_WAIT_MS}
   *   (the request published at the start and again after {@link CONTROL_RETRY_MS}).
   * @throws the Redis client's error when a publish fails.
   */
  async ask(action: RosterControlRequest['action'], jobId: string): Promise<boolean> {
    const request: RosterControlRequest = { type: 'request', requestId: randomUUID(), from: this.node, action, jobId };
    const answered = new Promise<void>((resolve) => this.waiting.set(request.requestId, () => resolve()));
    try {
      for (const wait of [CONTROL_RETRY_MS, CONTROL_WAIT_MS - CONTROL_RETRY_MS]) {
        await this.publish(request);
        if (await within(answered, wait)) return true;
      }
      return false;
    } finally {
      this.waiting.delete(request.requestId);
    }
  }

  private async publish(message: RosterControlMessage): Promise<void> {
    await this.redis.client.publish(this.channel, JSON.stringify(RosterControlMessage.parse(message)));
  }

  private receive(text: string): void {
    let message: RosterControlMessage;
    try {
      message = RosterControlMessage.parse(JSON.parse(text));
    } catch (error) {
      this.logger.warn(`roster control: dropped a malformed message (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    if (message.type === 'reply') {
      this.waiting.get(message.requestId)?.();
      return;
    }
    if (!this.handler(message.action, message.jobId)) return;
    this.logger.log(`planning job ${message.jobId}: ${message.action} asked by ${message.from}, done here`);
    const reply: RosterControlReply = { type: 'reply', requestId: message.requestId, node: this.node, jobId: message.jobId, outcome: 'done' };
    this.publish(reply).catch((error: unknown) => this.logger.warn(`roster control: reply not sent (${error instanceof Error ? error.message : String(error)})`));
  }
}
