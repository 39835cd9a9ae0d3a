export * from './events';
export * from './time';
export { FeedInputError, assertFeedText, inspectFeedBytes, type FeedInputIssue, type FeedInputProblem } from './input-check';
export { parseQueueLog, fnv1a, type QueueLogOptions } from './queue-log';
export { parseBankCalls, BANK_CALL_TYPES, type BankOptions } from './bank';
export { synthesizeDay, DEFAULT_SYNTHETIC_PROFILE, type SyntheticProfile } from './synthetic';
