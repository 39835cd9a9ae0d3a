export * from './events';
export * from './time';
export * from './calendar';
export { INPUT_ERROR_CODES, InputError, type InputErrorCode } from './errors';
export { FeedInputError, assertFeedText, inspectFeedBytes, type FeedInputIssue, type FeedInputProblem } from './input-check';
export { parseQueueLog, fnv1a, type QueueLogOptions } from './queue-log';
export { parseSurveyRating } from './survey';
export { parseBankCalls, BANK_CALL_TYPES, type BankOptions } from './bank';
export { synthesizeDay, DEFAULT_SYNTHETIC_PROFILE, type SyntheticProfile } from './synthetic';
export { LineSplitter, MAX_LINE_BYTES, type SplitLine } from './line-splitter';
export { QueueLogStream, TABLE_COLUMNS, CONTEXT_MAX_CALLS, CONTEXT_MAX_LINES, tableRowToCsv, type StreamEntry, type QueueLogLayout, type QueueLogStreamState } from './queue-log-stream';
export {
  HEAD_BYTES, FileIdentitySchema, FileCheckpointSchema, TableCheckpointSchema, readCheckpoint, decideResume, classifyChange,
  type FileIdentity, type FileCheckpoint, type TableCheckpoint, type FileObservation, type ResumeDecision, type FileChange,
} from './follow-checkpoint';
export { callRecordEvents, type CallRecord, type CallRecordOutcome, type SurveyRating } from './call-record';
export {
  CDR_FIELDS, CDR_TIME_FORMATS, DEFAULT_CDR_VALUE_WORDS, CdrReader, cdrValueWords, missingCdrColumns, parseCdrDuration, parseCdrRows, parseCdrTime, rowHash,
  type CdrField, type CdrMapping, type CdrResult, type CdrRow, type CdrRowError, type CdrRowResult, type CdrTimeFormat, type CdrValueWords,
} from './cdr';
export { MAX_EVENT_SECONDS, MAX_FUTURE_MS, eventTimeProblem, unstorableValue, type Unstorable } from './storable';
