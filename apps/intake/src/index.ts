/**
 * @hotline/intake: followers of live call sources, shared by the CLI (`hotline follow`) and the API
 * (`HOTLINE_FOLLOW`). Each writes canonical events to the Redis stream `<prefix>events` with its checkpoint under
 * `<prefix>intake:checkpoint:<source>`, in one transaction per batch.
 */
import type { Redis } from 'ioredis';
import { FileFollower } from './file-follower';
import type { FollowSpec } from './follow-spec';
import { StreamSink, type IntakeLogger } from './sink';
import { TableFollower } from './table-follower';

export { FileFollower, type FileFollowerOptions, type FollowerStats } from './file-follower';
export { TableFollower, parseTableUrl, type TableFollowerOptions, type TableTarget } from './table-follower';
export { StreamSink, checkpointKey, statusKey, backoff, pause, type IntakeLogger } from './sink';
export { parseFollowSpecs, FollowSpecsSchema, SOURCE_NAME, fileSourceName, tableSourceName, type FollowSpec } from './follow-spec';

/** A follower of either kind. */
export type Follower = FileFollower | TableFollower;

/**
 * Builds the follower of a configured source (the API's followers wait for a missing file; the CLI's do not).
 * @param redis a connection used for the writes (shared by the followers)
 */
export function createFollower(spec: FollowSpec, redis: Redis, prefix: string, log: IntakeLogger, options: { pollMs?: number; startAt?: 'start' | 'end'; waitForFile?: boolean } = {}): Follower {
  const sink = new StreamSink(redis, prefix);
  return spec.kind === 'file'
    ? new FileFollower({ path: spec.path, source: spec.source, sink, log, pollMs: options.pollMs, startAt: options.startAt, waitForFile: options.waitForFile })
    : new TableFollower({ target: spec.target, source: spec.source, sink, log, pollMs: options.pollMs, startAt: options.startAt });
}
