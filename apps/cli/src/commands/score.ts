// `hotline score MONTH.json [--policy name=value ...] [--running] [--json]` and `hotline score --project MTD.json`.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { scoreMonth, sheetFigures, projectMonth, resolvePolicy, parsePolicyAssignments, ScoringError, type PolicyInput, type ScoreInput, type ProjectionInput } from '@hotline/scoring';
import { CliUsageError, say } from '../cli-error';
import { inputUsageError, libraryInputError } from '../flags';
import { formatSheet, formatProjection } from './score-format';

export interface ScoreOptions {
  policy: string[];
  project?: boolean;
  /** The file holds a month still running (month-to-date counts): libs/scoring `feedFinal: false`. */
  running?: boolean;
  json?: boolean;
}

const CASE_KEYS = ['id', 'note', 'input', 'policy', 'expected'];
const PROJECTION_KEYS = ['monthToDate', 'forecast', 'policy'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A scoring input error as a usage error: `<prefix><field>: <detail>` (the prefix names the file or the flag). */
function scoringUsage(e: ScoringError, prefix: string): CliUsageError {
  const input = libraryInputError(e);
  if (!input) return new CliUsageError(say(`${prefix}${e.message}`, `${prefix}评分输入无效（${e.code}）`));
  return inputUsageError(input, say(`${prefix}${input.field}:`, `${prefix}${input.field}`));
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    throw new CliUsageError(say(`cannot read ${file}: ${code}`, `无法读取 ${file}：${code}`));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new CliUsageError(say(`${file}: invalid JSON (${why})`, `${file}：不是合法的 JSON（${why}）`));
  }
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], file: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw new CliUsageError(say(`${file}: ${k}: unknown field; known: ${allowed.join(', ')}`, `${file}：${k}：未知字段；可用字段：${allowed.join(', ')}`));
  }
}

/** The file's policy (validated) overridden by the --policy flags. */
function policyOf(filePolicy: unknown, flags: readonly string[], file: string): PolicyInput {
  let fromFile: PolicyInput = {};
  try {
    if (filePolicy !== undefined) fromFile = Object.fromEntries(Object.entries(resolvePolicy(filePolicy as PolicyInput)).filter(([k]) => Object.prototype.hasOwnProperty.call(filePolicy, k)));
  } catch (e) {
    if (e instanceof ScoringError) throw scoringUsage(e, `${file}: `);
    throw e;
  }
  try {
    return { ...fromFile, ...parsePolicyAssignments(flags) };
  } catch (e) {
    if (e instanceof ScoringError) throw scoringUsage(e, '--policy: ');
    throw e;
  }
}

/**
 * Runs the command on a file and returns what it prints. A month file is a score case's `input` object or a
 * whole case `{ input, policy }`; a projection file (--project) is `{ monthToDate, forecast, policy? }`. A month
 * file is a finished month unless `running` is set (then its call-feed counts are month-to-date: the connect item,
 * and complaints and QA, are pending; libs/scoring `feedFinal: false`).
 * @throws {CliUsageError} for a missing file, invalid JSON, an unknown field, a bad count or policy (the
 *   message names the field), or --running with --project (a projection is of a running month already).
 */
export function runScore(file: string, options: ScoreOptions): string {
  if (options.running === true && options.project === true) throw new CliUsageError(say('--running: not with --project (a projection is of a running month already)', '--running：不能与 --project 同用（预测本身就是针对进行中的月份）'));
  const raw = readJson(file);
  if (!isObject(raw)) throw new CliUsageError(say(`${file}: must hold a JSON object`, `${file}：必须是 JSON 对象`));
  const asCase = options.project !== true && isCase(raw);
  try {
    if (options.project === true) {
      checkKeys(raw, PROJECTION_KEYS, file);
      const policy = policyOf(raw.policy, options.policy, file);
      const projection = projectMonth({ monthToDate: raw.monthToDate, forecast: raw.forecast } as ProjectionInput, policy);
      return options.json === true ? `${JSON.stringify(projection, null, 2)}\n` : formatProjection(projection);
    }
    if (asCase) checkKeys(raw, CASE_KEYS, file);
    const policy = policyOf(asCase ? raw.policy : undefined, options.policy, file);
    const score = scoreMonth((asCase ? raw.input : raw) as ScoreInput, policy, { feedFinal: options.running !== true });
    if (options.json !== true) return formatSheet(score);
    // The figures under the names of score-cases.json (a pending item, total and coefficient null; the range in
    // provisional/totalMin/totalMax/coefficientMin/coefficientMax), then the reasons of every item.
    const reasons = Object.fromEntries(
      score.items.map((i) => [
        i.item,
        { points: i.points, pointsMin: i.pointsMin, pointsMax: i.pointsMax, pending: i.pending, max: i.max, bonus: i.bonus, deductions: i.deductions, bonuses: i.bonuses, notes: i.notes, flooredAtZero: i.flooredAtZero },
      ]),
    );
    return `${JSON.stringify({ ...sheetFigures(score), pendingItems: score.pendingItems, reasons, connectCounts: score.connect, policy: score.policy }, null, 2)}\n`;
  } catch (e) {
    if (e instanceof ScoringError) throw scoringUsage(e, `${file}: ${asCase ? 'input.' : ''}`);
    throw e;
  }
}

function isCase(raw: Record<string, unknown>): boolean {
  return Object.prototype.hasOwnProperty.call(raw, 'input');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Registers `hotline score`. */
export function registerScoreCommand(program: Command): void {
  program
    .command('score')
    .summary('score a month on the 100-point sheet, or project the month end')
    .description(
      'Score one month on the contract\'s 100-point sheet: the KPIs, every item with the reasons for its deductions and bonuses, the total and the settlement coefficient.\n' +
        'FILE holds the month\'s counts, or a whole case {input, policy}: the call feed (requests, agentAnswered, ivrAnswered, requestsInOutage, connectedInOutage, shortIvrHangups; absent = 0) and the registers (veryOrBasicallySatisfied, surveyResponses, justifiedComplaints, trainingSessions, qaSampled, qaErrorsFound, reportsLate, reportItemsMissing, selfAssessmentLate, selfAssessmentUntruthful, confidentialityBreaches, confidentialityBreachesWithConsequences; absent = unknown, 0 = a confirmed zero).\n' +
        'An item with an unknown figure is pending (待定): its value is null in --json, its reason carries "pending": true, and total and coefficient are null with the range in provisional, totalMin, totalMax, coefficientMin, coefficientMax.\n' +
        'FILE is a finished month; with --running its call-feed counts are month-to-date: the connect item is pending (0 – 27, the rate so far shown), and so are complaints and QA (their denominator and quota still grow). A month with no request at all has no data: the connect item is pending too.\n' +
        'With --project, FILE is {monthToDate, forecast: {remainingRequests | requestsPerDay + remainingDays, connectFraction?, connectFractionSd?, ...}, policy?}.',
    )
    .argument('<file>', 'the month (or projection) JSON file')
    .option('--policy <name=value>', 'a non-default reading, e.g. connectShortfall=linear (repeatable; comma-separated allowed)', collect, [])
    .option('--project', 'project the month end from month-to-date figures and a forecast')
    .option('--running', 'FILE holds a month still running (month-to-date call-feed counts): the connect item is pending')
    .option('--json', 'print JSON (numbers as decimal strings)')
    .action((file: string, options: ScoreOptions) => {
      process.stdout.write(runScore(file, options));
    });
}
