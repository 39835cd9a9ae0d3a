// `hotline roster plan|evaluate|simulate`: the roster optimiser, evaluation and simulation of @hotline/roster, offline.
// The problem comes from a JSON file (--problem, the shape of RosterProblem) or is built from the real data sets:
// the 911 centre's hourly traffic shape (--psap DIR, scaled by --scale) and the Anonymous Bank's AHT and patience
// (--bank FILE), for --agents agents of whom the first is the floor manager at --floor-manager-share of a seat.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import loadHighs from 'highs';
import stringWidth from 'string-width';
import {
  type Agent,
  type DurationModel,
  type PreparedProblem,
  type Roster,
  type RosterEvaluation,
  type RosterProblem,
  GainTable,
  arrivalsFromCounts,
  bestStandardRotation,
  buildSchedule,
  dayNumber,
  evaluateRoster,
  poissonArrivals,
  prepareProblem,
  simulateRoster,
  solveRoster,
} from '@hotline/roster';
import { CliUsageError, say } from '../cli-error';
import { type RawOptions, asUsage as asFlagUsage, flagName, numberFlag, textFlag as text } from '../flags';
import { type BankMeasurements, type HourCount, readBank, readPsapHours, replayHours, weekdayHourForecast } from './roster-data';

/** What the data flags and --problem give. */
export interface ProblemSource {
  problem: RosterProblem;
  /** The real hours and bank measurements when built from the data sets (the simulation replays them). */
  hours?: HourCount[];
  bank?: BankMeasurements;
  scale?: number;
}

function readJson<T>(file: string, flag: string): T {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliUsageError(say(`${flag}: cannot read ${file}: ${why}`, `${flag}：无法读取 ${file}：${why}`));
  }
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new CliUsageError(say(`${flag}: ${file} is not JSON`, `${flag}：${file} 不是 JSON`));
  }
}

function wholeFlag(options: RawOptions, field: string, fallback: number, min: number, max: number): number {
  const v = numberFlag(options, field) ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) throw new CliUsageError(say(`${flagName(field)} must be a whole number in ${min}..${max} (got ${v})`, `${flagName(field)} 必须是 ${min} 到 ${max} 之间的整数（收到 ${v}）`));
  return v;
}

function fractionFlag(options: RawOptions, field: string, fallback: number, min: number, max: number): number {
  const v = numberFlag(options, field) ?? fallback;
  if (v < min || v > max) throw new CliUsageError(say(`${flagName(field)} must be in [${min}, ${max}] (got ${v})`, `${flagName(field)} 必须在 [${min}, ${max}] 之内（收到 ${v}）`));
  return v;
}

/** A library input error, as a usage error naming the field of the problem (the file's, or built from the flags). */
export function asUsage<T>(run: () => T): T {
  return asFlagUsage(run, (field) => say(`problem: ${field}`, `问题定义 ${field}`));
}

/** The problem of the command: --problem FILE, or built from --psap and --bank. */
export function problemFromFlags(options: RawOptions): ProblemSource {
  const file = text(options, 'problem');
  if (file !== undefined) {
    if (options.psap !== undefined || options.bank !== undefined) throw new CliUsageError(say('--problem and --psap/--bank exclude each other', '--problem 与 --psap/--bank 不能同时给出'));
    const problem = readJson<RosterProblem>(file, '--problem');
    asUsage(() => prepareProblem(problem));
    return { problem };
  }
  const psap = text(options, 'psap');
  const bankFile = text(options, 'bank');
  if (psap === undefined || bankFile === undefined) throw new CliUsageError(say('give --problem FILE, or --psap DIR and --bank FILE', '请给出 --problem FILE，或 --psap DIR 与 --bank FILE'));
  const start = text(options, 'start') ?? '2025-11-03';
  try {
    dayNumber(start);
  } catch {
    throw new CliUsageError(say(`--start must be a date YYYY-MM-DD (got "${start}")`, `--start 必须是 YYYY-MM-DD 格式的日期（收到 "${start}"）`));
  }
  const days = wholeFlag(options, 'days', 28, 1, 62);
  const count = wholeFlag(options, 'agents', 6, 1, 500);
  const share = fractionFlag(options, 'floorManagerShare', 0.5, 0.01, 1);
  const scale = fractionFlag(options, 'scale', 0.35, 0.001, 1000);
  const hours = readPsapHours(psap);
  const bank = readBank(bankFile);
  const agents: Agent[] = Array.from({ length: count }, (_, i) => ({
    id: `a${String(i + 1).padStart(2, '0')}`,
    name: i === 0 ? '现场管理' : `话务员${i + 1}`,
    ...(i === 0 ? { floorManager: true, seatShare: share } : {}),
  }));
  const problem: RosterProblem = {
    startDate: start,
    days,
    agents,
    forecast: { offered: weekdayHourForecast(hours, start, days, scale), ahtSeconds: bank.ahtSeconds, patienceSeconds: bank.patienceSeconds },
  };
  return { problem, hours, bank, scale };
}

const pct = (x: number): string => `${(x * 100).toFixed(2)} %`;

/** Pads to a width in terminal columns (a Chinese character takes two). */
const padCols = (text: string, columns: number): string => text + ' '.repeat(Math.max(0, columns - stringWidth(text)));

/** The roster grid, its month figures and its broken rules, as text. */
export function formatEvaluation(p: PreparedProblem, roster: Roster, ev: RosterEvaluation): string {
  const lines: string[] = [];
  const width = Math.max(...p.agents.map((a) => stringWidth(a.name)), 6);
  lines.push(`${''.padEnd(width)}  ${p.dates.slice(0, p.days).map((d) => d.slice(8).padEnd(5)).join(' ')}`);
  for (const row of roster.rows) {
    const name = p.agents[p.agentIndex.get(row.agentId) as number].name;
    lines.push(`${padCols(name, width)}  ${row.cells.map((c) => padCols(c ?? '休', 5)).join(' ')}`);
  }
  for (const t of roster.training) lines.push(`training ${t.date} ${t.start} (${t.durationMinutes} min): ${t.attendees.join(', ')}${t.trainerId ? `, led by ${t.trainerId}` : ''}`);
  lines.push('');
  lines.push(`expected connect rate: ${pct(ev.total.connectRate)} (agent queue), ${pct(ev.total.contractConnectRate)} (contract, IVR included); target ${pct(ev.target)}: ${ev.meetsTarget ? 'met' : 'NOT met'}, margin ${ev.marginCalls.toFixed(1)} calls`);
  lines.push(`offered ${ev.total.offered.toFixed(0)}, expected answered ${ev.total.answered.toFixed(0)}, abandoned ${ev.total.abandoned.toFixed(0)}; intervals at risk: ${ev.intervals.filter((i) => i.atRisk).length}`);
  lines.push(`overtime ${ev.costs.overtimeHours.toFixed(1)} h (pay ${ev.costs.overtimePay}), statutory holiday ${ev.costs.holidayHours.toFixed(1)} h (pay at 300 %: ${ev.costs.holidayPay})`);
  lines.push(ev.violations.length === 0 ? 'rules: all kept' : `rules broken (${ev.violations.length}):`);
  for (const v of ev.violations.slice(0, 40)) lines.push(`  ${v.rule}: ${v.message}`);
  if (ev.violations.length > 40) lines.push(`  ... and ${ev.violations.length - 40} more`);
  return `${lines.join('\n')}\n`;
}

function readRoster(options: RawOptions): Roster {
  const file = text(options, 'roster');
  if (file === undefined) throw new CliUsageError(say('--roster FILE is required', '必须给出 --roster FILE'));
  const value = readJson<Roster | { roster: Roster }>(file, '--roster');
  return 'roster' in value ? value.roster : value;
}

/** `hotline roster plan`: the report of {@link solveRoster}, with the standard rotation for comparison. */
export async function planFromFlags(options: RawOptions): Promise<{ text: string; json: unknown }> {
  const source = problemFromFlags(options);
  const limit = fractionFlag(options, 'timeLimit', 60, 1, 86_400);
  const p = asUsage(() => prepareProblem(source.problem));
  // Spare instances: HiGHS in WebAssembly now and then traps on a sub-MIP, and the search goes on with the next one.
  const highs = await Promise.all(Array.from({ length: 4 }, () => loadHighs()));
  const progress = options.quiet === true ? undefined : (x: { phase: string; elapsedSeconds: number; incumbent: number | null; gap: number | null }) => process.stderr.write(`\r${x.phase} ${x.elapsedSeconds.toFixed(0)} s, lost calls + penalties ${x.incumbent?.toFixed(1) ?? '-'}, gap ${x.gap === null ? '-' : `${(x.gap * 100).toFixed(1)} %`}   `);
  const report = solveRoster(highs, p, { timeLimitSeconds: limit, onProgress: progress });
  if (progress) process.stderr.write('\n');
  const gains = new GainTable(p);
  let rotation: { connectRate: number; violations: number } | null = null;
  try {
    const best = bestStandardRotation(p, gains);
    const ev = evaluateRoster(p, best.roster, gains);
    rotation = { connectRate: ev.total.connectRate, violations: ev.violations.length };
  } catch {
    rotation = null; // the templates lack 08-16 / 16-00 / 00-08
  }
  const out = text(options, 'out');
  if (out !== undefined) writeFileSync(out, `${JSON.stringify(report.roster, null, 2)}\n`);
  const summary = [
    `status ${report.status}; expected lost calls + penalties ${report.objective.toFixed(1)}, bound ${report.bound?.toFixed(1) ?? '-'}, gap ${report.gap === null ? '-' : `${(report.gap * 100).toFixed(1)} %`}; ${(report.timeMs.total / 1000).toFixed(1)} s, ${report.subproblems} sub-MIPs`,
    `model: ${report.model.binaries} binaries, ${report.model.columns} columns, ${report.model.rows} rows, ${report.model.nonzeros} nonzeros`,
    rotation ? `standard rotation 3 x 8: ${pct(rotation.connectRate)}` : 'standard rotation 3 x 8: not applicable to these templates',
    ...report.conflicts.map((c) => `conflict: ${c.rule} (${c.total}) ${c.breaches.slice(0, 5).map((b) => [b.agentId, b.date, b.time].filter(Boolean).join(' ')).join('; ')}`),
    ...(report.solverTraps ? [`HiGHS trapped ${report.solverTraps} time(s); the search went on with a fresh instance`] : []),
    ...(report.solverError ? [`solver stopped early: ${report.solverError}`] : []),
    out !== undefined ? `roster written to ${out}` : '',
  ].filter((l) => l !== '');
  return {
    text: `${formatEvaluation(p, report.roster, report.evaluation)}${summary.join('\n')}\n`,
    json: { status: report.status, objective: report.objective, bound: report.bound, gap: report.gap, timeMs: report.timeMs, model: report.model, conflicts: report.conflicts, roster: report.roster, connectRate: report.evaluation.total.connectRate, violations: report.evaluation.violations, rotationConnectRate: rotation?.connectRate ?? null },
  };
}

/** `hotline roster evaluate`. */
export function evaluateFromFlags(options: RawOptions): { text: string; json: unknown } {
  const source = problemFromFlags(options);
  const p = asUsage(() => prepareProblem(source.problem));
  const roster = readRoster(options);
  const ev = asUsage(() => evaluateRoster(p, roster));
  return { text: formatEvaluation(p, roster, ev), json: { total: ev.total, meetsTarget: ev.meetsTarget, marginCalls: ev.marginCalls, days: ev.days, atRisk: ev.atRisk, violations: ev.violations, agents: ev.agents, costs: ev.costs, fairness: ev.fairness, ledger: ev.ledger } };
}

/** `hotline roster simulate`. */
export function simulateFromFlags(options: RawOptions): { text: string; json: unknown } {
  const source = problemFromFlags(options);
  const p = asUsage(() => prepareProblem(source.problem));
  const roster = readRoster(options);
  const arrivals = text(options, 'arrivals') ?? 'poisson';
  if (arrivals !== 'poisson' && arrivals !== 'real') throw new CliUsageError(say(`--arrivals must be poisson or real (got "${arrivals}")`, `--arrivals 只能是 poisson 或 real（收到 "${arrivals}"）`));
  if (arrivals === 'real' && !source.hours) throw new CliUsageError(say('--arrivals real needs --psap (the real hours to replay)', '--arrivals real 需要 --psap（要重放的真实小时数据）'));
  const distributions = text(options, 'distributions') ?? 'exponential';
  if (distributions !== 'exponential' && distributions !== 'empirical') throw new CliUsageError(say(`--distributions must be exponential or empirical (got "${distributions}")`, `--distributions 只能是 exponential 或 empirical（收到 "${distributions}"）`));
  if (distributions === 'empirical' && !source.bank) throw new CliUsageError(say('--distributions empirical needs --bank (the measured handle times and waits)', '--distributions empirical 需要 --bank（实测的处理时长与等待）'));
  const runs = wholeFlag(options, 'runs', 10, 1, 1000);
  const ev = asUsage(() => evaluateRoster(p, roster));
  const schedule = buildSchedule(p, roster);
  const aht = p.ahtSeconds.reduce((a, b) => a + b, 0) / p.ahtSeconds.length;
  const patienceMean = p.patienceSeconds.reduce((a, b) => a + b, 0) / p.patienceSeconds.length;
  const handleTime: DurationModel = distributions === 'empirical' && source.bank ? { kind: 'empirical', samplesSeconds: source.bank.handleTimes } : { kind: 'exponential', meanSeconds: aht };
  const patience: DurationModel = distributions === 'empirical' && source.bank ? { kind: 'survival', ...source.bank.patienceCurve, tailMeanSeconds: source.bank.patienceSeconds } : { kind: 'exponential', meanSeconds: patienceMean };
  const real = arrivals === 'real' && source.hours ? replayHours(source.hours, p.startDate, p.days) : null;
  let answered = 0;
  let offered = 0;
  let asa = 0;
  for (let seed = 1; seed <= runs; seed++) {
    const arrivalsSeconds = real ? arrivalsFromCounts(real, 3600, source.scale ?? 1, seed) : poissonArrivals(p.offered, seed);
    const sim = simulateRoster(p, schedule, { arrivalsSeconds, handleTime, patience, seed });
    answered += sim.total.answered;
    offered += sim.total.offered;
    asa += sim.total.asaSeconds / runs;
  }
  const simulated = offered === 0 ? 1 : answered / offered;
  const json = { arrivals, distributions, runs, offered: offered / runs, answered: answered / runs, simulatedConnectRate: simulated, predictedConnectRate: ev.total.connectRate, differencePoints: (simulated - ev.total.connectRate) * 100, asaSeconds: asa };
  return {
    text: `simulated (${runs} runs, ${arrivals} arrivals, ${distributions} handle times and patience): ${pct(simulated)} of ${(offered / runs).toFixed(0)} calls, ASA ${asa.toFixed(1)} s\npredicted (Erlang A): ${pct(ev.total.connectRate)}; difference ${(json.differencePoints).toFixed(2)} points\n`,
    json,
  };
}

function dataFlags(command: Command): Command {
  return command
    .option('--problem <file>', 'the problem as JSON (RosterProblem: startDate, days, agents, forecast, rules, ...)')
    .option('--psap <dir>', "or: the 911 centre's weekly CSVs (traffic shape)")
    .option('--bank <file>', 'and the Anonymous Bank TSV (AHT and patience)')
    .option('--scale <factor>', 'scale of the 911 traffic', '0.35')
    .option('--start <date>', 'first day of the period', '2025-11-03')
    .option('--days <n>', 'days in the period', '28')
    .option('--agents <n>', 'agents (the first is the floor manager)', '6')
    .option('--floor-manager-share <fraction>', "the floor manager's share of a seat", '0.5')
    .option('--json', 'print JSON');
}

/** Adds `hotline roster plan|evaluate|simulate`. */
export function registerRosterCommand(program: Command): void {
  const roster = program.command('roster').description('plan, evaluate and simulate rosters (HiGHS MIP, Erlang A, discrete-event simulation)');
  const print = (result: { text: string; json: unknown }, options: RawOptions): void => {
    process.stdout.write(options.json === true ? `${JSON.stringify(result.json, null, 2)}\n` : result.text);
  };
  dataFlags(roster.command('plan').description('plan a roster that keeps the labour rules and maximises the expected connected calls'))
    .option('--time-limit <seconds>', 'time limit of the solve', '60')
    .option('--out <file>', 'write the roster as JSON')
    .option('--quiet', 'no progress on stderr')
    .action(async (options: RawOptions) => print(await planFromFlags(options), options));
  dataFlags(roster.command('evaluate').description('expected connect rate per interval, day and period, intervals at risk and broken rules of a roster'))
    .option('--roster <file>', 'the roster as JSON (required)')
    .action((options: RawOptions) => print(evaluateFromFlags(options), options));
  dataFlags(roster.command('simulate').description('replay arrivals against a roster (FCFS, abandonment) and compare with the prediction'))
    .option('--roster <file>', 'the roster as JSON (required)')
    .option('--arrivals <kind>', 'poisson (from the forecast) | real (replay the 911 hours, scaled)', 'poisson')
    .option('--distributions <kind>', 'exponential | empirical (bank handle times, Kaplan–Meier patience)', 'exponential')
    .option('--runs <n>', 'runs to average', '10')
    .action((options: RawOptions) => print(simulateFromFlags(options), options));
}
