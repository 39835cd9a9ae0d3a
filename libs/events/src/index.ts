export * from './events';
export * from './time';
export { parseQueueLog, fnv1a, type QueueLogOptions } from './queue-log';
export { parseBankCalls, BANK_CALL_TYPES, type BankOptions } from './bank';
export { synthesizeDay, DEFAULT_SYNTHETIC_PROFILE, type SyntheticProfile } from './synthetic';
