// The flags of the CLI's commands: commander's raw values, their names, numbers, and the libraries' input errors
// turned into usage errors that name the flag (or file) the user wrote. Every command reads its flags through here.
import { ERROR_TEXTS } from '@hotline/contracts';
import { InputError } from '@hotline/events';
import { CliUsageError, type Reason, say } from './cli-error';

/** The raw option values commander hands over (strings; switches booleans). */
export type RawOptions = Record<string, string | boolean | undefined>;

/** camelCase input name -> --kebab-case flag. */
export function flagName(field: string): string {
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A string flag's value, or undefined (absent, or a switch). */
export function textFlag(options: RawOptions, field: string): string | undefined {
  const v = options[field];
  return typeof v === 'string' ? v : undefined;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/**
 * A numeric flag: undefined when absent; a CliUsageError naming the flag when it is not a plain decimal
 * number (so `--agents 12abc`, `--agents ""` or `--agents Infinity` never reach the maths).
 */
export function numberFlag(options: RawOptions, field: string, required = false): number | undefined {
  const raw = options[field];
  const flag = flagName(field);
  if (raw === undefined) {
    if (required) throw new CliUsageError(say(`${flag} is required`, `必须给出 ${flag}`));
    return undefined;
  }
  if (typeof raw !== 'string' || !NUMBER.test(raw.trim())) {
    throw new CliUsageError(say(`${flag} must be a number (got "${String(raw)}")`, `${flag} 必须是数字（收到 "${String(raw)}"）`));
  }
  return Number(raw);
}

/** One of the allowed values. @throws CliUsageError naming the flag and the allowed values. */
export function choiceFlag<T extends string>(value: unknown, allowed: readonly T[], flag: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new CliUsageError(say(`${flag} must be one of ${allowed.join(', ')} (got "${String(value)}")`, `${flag} 只能是 ${allowed.join('、')} 之一（收到 "${String(value)}"）`));
  }
  return value as T;
}

/**
 * The library input error in `error`, or null: every library's (ErlangInputError, ForecastInputError,
 * RosterInputError, ScoringError) is the one {@link InputError} of `@hotline/events`, with `code`, `field` (a path)
 * and `detail` (what is wrong, phrased to follow the field).
 */
export function libraryInputError(error: unknown): InputError | null {
  return error instanceof InputError ? error : null;
}

/** The value a library's detail quotes (`(got 10.5)`), for the Chinese text. */
function quotedValue(detail: string): string | undefined {
  return /\(got ([^)]*)\)/.exec(detail)?.[1];
}

/**
 * A library input error as a usage error: `<source> <detail>` in English (the source is the flag or file the field
 * came from), `<source>：<what is wrong>（收到 <value>）` in Chinese (the code's text in the contract's ERROR_TEXTS).
 */
export function inputUsageError(e: InputError, source: string | Reason): CliUsageError {
  const where = typeof source === 'string' ? say(source, source) : source;
  const got = quotedValue(e.detail);
  return new CliUsageError(say(`${where.en} ${e.detail}`, `${where['zh-CN']}：${ERROR_TEXTS['zh-CN'][e.code]}${got !== undefined ? `（收到 ${got}）` : ''}`));
}

/** The flag of a library field: `intervals[2].agents` -> `--intervals`, `ahtSeconds` -> `--aht-seconds`. */
export function flagOfField(field: string): string {
  return flagName(field.replace(/\[.*$/, ''));
}

/**
 * Runs a library call, turning its input error into a usage error that names the flag (or what `source` says the
 * field came from); any other error goes on.
 */
export function asUsage<T>(run: () => T, source: (field: string) => string | Reason = flagOfField): T {
  try {
    return run();
  } catch (error) {
    const input = libraryInputError(error);
    if (input) throw inputUsageError(input, source(input.field));
    throw error;
  }
}
