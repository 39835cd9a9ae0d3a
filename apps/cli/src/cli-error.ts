// The CLI's errors and the language its reasons are printed in: every reason is written in both languages where it
// is raised (a {@link Reason}); `main.ts` prints the run's language only (`--lang`, see config.ts).

/** The languages of the CLI's reasons: the console's first language and its second. */
export const CLI_LANGS = ['zh-CN', 'en'] as const;
export type CliLang = (typeof CLI_LANGS)[number];

/** A reason in both languages (`en` is also the error's `message`, the text the specs read). */
export interface Reason {
  en: string;
  'zh-CN': string;
}

/** A reason from its English and Chinese text. */
export function say(en: string, zh: string): Reason {
  return { en, 'zh-CN': zh };
}

/** A reason in one language; a bare string (a text from elsewhere, not translated) as it is. */
export function render(reason: Reason | string, lang: CliLang): string {
  return typeof reason === 'string' ? reason : reason[lang];
}

/**
 * An error the CLI explains itself: printed as `hotline: <reason>` without a stack trace, in the run's language,
 * exiting with {@link exitCode}.
 */
export class CliError extends Error {
  override name = 'CliError';
  /** The reason in both languages (a string: the same text for both). */
  readonly reason: Reason;
  constructor(
    reason: Reason | string,
    /** The process's exit code: 1 a failure, 2 a usage mistake, 3 not allowed. */
    readonly exitCode: number = 1,
  ) {
    const both = typeof reason === 'string' ? say(reason, reason) : reason;
    super(both.en);
    this.reason = both;
  }
}

/** A mistake in the command line (bad flag value, missing file): printed without a stack trace, exit code 2. */
export class CliUsageError extends CliError {
  override name = 'CliUsageError';
  constructor(reason: Reason | string) {
    super(reason, 2);
  }
}

/** Exit code when the API answers 401 or 403 ("not allowed"; 2 is for usage mistakes). */
export const NOT_ALLOWED_EXIT_CODE = 3;

/**
 * The API answered 401 (not signed in, or the sign-in refused) or 403 (the account's roles do not allow the request):
 * exit {@link NOT_ALLOWED_EXIT_CODE} from every command. A CliUsageError for code that only tells usage apart.
 */
export class ApiNotAllowedError extends CliUsageError {
  override name = 'ApiNotAllowedError';
  override readonly exitCode: number = NOT_ALLOWED_EXIT_CODE;
  constructor(
    reason: Reason | string,
    /** The API's HTTP status: 401 or 403. */
    readonly status: number,
  ) {
    super(reason);
  }
}

/** Commander's own complaints about the command line (unknown flag, missing value, ...): usage errors, exit 2. */
export const USAGE_CODES: ReadonlySet<string> = new Set([
  'commander.unknownOption',
  'commander.optionMissingArgument',
  'commander.missingArgument',
  'commander.missingMandatoryOptionValue',
  'commander.excessArguments',
  'commander.invalidArgument',
  'commander.unknownCommand',
  'commander.conflictingOption',
]);

/** Commander's English message (its `error: ` prefix dropped) in Chinese, by its code and the names it quotes. */
function commanderZh(code: string, message: string): string {
  const quoted = [...message.matchAll(/'([^']*)'/g)].map((m) => m[1]);
  const suggestion = /\(Did you mean (.*)\?\)/.exec(message);
  const hint = suggestion ? `（是否想输入 ${suggestion[1]}？）` : '';
  switch (code) {
    case 'commander.unknownOption':
      return `未知选项 '${quoted[0] ?? ''}'${hint}`;
    case 'commander.unknownCommand':
      return `未知命令 '${quoted[0] ?? ''}'${hint}`;
    case 'commander.optionMissingArgument':
      return `选项 '${quoted[0] ?? ''}' 缺少取值`;
    case 'commander.missingArgument':
      return `缺少必需的参数 '${quoted[0] ?? ''}'`;
    case 'commander.missingMandatoryOptionValue':
      return `缺少必需的选项 '${quoted[0] ?? ''}'`;
    case 'commander.excessArguments':
      return `参数过多${quoted[0] ? `（'${quoted[0]}'）` : ''}`;
    case 'commander.invalidArgument':
      return `参数取值无效：${quoted.map((q) => `'${q}'`).join('、')}`;
    case 'commander.conflictingOption':
      return `选项冲突：${quoted.map((q) => `'${q}'`).join('、')}`;
    default:
      return message;
  }
}

/** What commander needs of a command to name it and its subcommands. */
interface CommandLike {
  name(): string;
  parent: CommandLike | null;
  readonly commands: readonly CommandLike[];
}

/**
 * Commander's usage error on `command` as a CliUsageError in both languages, naming the command's help (and, for an
 * unknown subcommand, the valid ones): `unknown command 'list'; valid: export (see: hotline requests --help)`.
 */
export function commanderUsage(code: string, message: string, command: CommandLike): CliUsageError {
  const path: string[] = [];
  for (let c: CommandLike | null = command; c; c = c.parent) path.unshift(c.name());
  const see = `${path.join(' ')} --help`;
  const text = message.replace(/^error: /, '').trimEnd();
  const valid = code === 'commander.unknownCommand' && command.commands.length ? command.commands.map((c) => c.name()).join(', ') : '';
  return new CliUsageError(
    say(
      `${text}${valid ? `; valid: ${valid}` : ''} (see: ${see})`,
      `${commanderZh(code, text)}${valid ? `；可用：${valid}` : ''}（参见：${see}）`,
    ),
  );
}
