/**
 * `npm run bench -- erlang`: staff every 30-minute interval of a month (1,440 intervals, a small 24/7 hotline
 * with 5-60 calls per half hour) with Erlang C (80 % within 20 s, occupancy <= 85 %), with exact Erlang A on
 * the same targets (patience 120 s) and with Erlang A for a connect rate >= 90 % (patience 90 s), plus one day
 * (48 intervals) of a large centre (300-3,000 calls per half hour), with @hotline/erlang and with a textbook
 * implementation written here as the baseline: factorial and power sums for Erlang C, the incomplete-gamma
 * closed forms of Mandelbaum and Zeltyn (2005) in plain floating point for Erlang A's service level, a direct
 * truncated sum of the birth-death chain for its connect rate, a linear search from scratch. Each Erlang A row
 * also gives its time as a multiple of our Erlang C on the same intervals in the same run.
 * Times are the median of several runs in this process after warm-up runs; they are reported, never asserted.
 */
import { staffErlangA, staffErlangC } from '@hotline/erlang';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { mersenne } from 'pure-rand/generator/mersenne';

const AHT_SECONDS = 240;
const PATIENCE_SECONDS = 90;
const TARGET_SECONDS = 20;
const SERVICE_LEVEL = 0.8;
const MAX_OCCUPANCY = 0.85;
const MIN_CONNECT_RATE = 0.9;
/** Patience of the Erlang A rows with Erlang C's targets (80/20, occupancy <= 85 %). */
const SL_PATIENCE_SECONDS = 120;

/** A seeded uniform generator on [0, 1) (pure-rand's Mersenne Twister), so every run draws the same numbers. */
function uniform(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}

/** Calls per half hour: a night trough, a morning and an afternoon peak, quieter weekends, some noise. */
function smallHotlineMonth(): number[] {
  const rnd = uniform(12123);
  const calls: number[] = [];
  for (let day = 0; day < 30; day++) {
    const weekend = day % 7 >= 5 ? 0.7 : 1;
    for (let slot = 0; slot < 48; slot++) {
      const hour = slot / 2;
      const shape = Math.exp(-((hour - 10) ** 2) / 8) + 0.85 * Math.exp(-((hour - 15.5) ** 2) / 10);
      calls.push(Math.round(5 + 55 * shape * weekend * (0.9 + 0.2 * rnd())));
    }
  }
  return calls;
}

function largeCentreDay(): number[] {
  return Array.from({ length: 48 }, (_, slot) => Math.round(300 + 2700 * Math.exp(-((slot / 2 - 12.5) ** 2) / 18)));
}

// ---- Textbook baseline ------------------------------------------------------------------------------------

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

/** C(N, A) = [A^N/N! · N/(N−A)] / [Σ_{k<N} A^k/k! + A^N/N! · N/(N−A)], as printed in textbooks. */
function textbookErlangC(n: number, a: number): number {
  const top = ((Math.pow(a, n) / factorial(n)) * n) / (n - a);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.pow(a, k) / factorial(k);
  return top / (sum + top);
}

function textbookStaffC(callsPerHalfHour: number): number {
  const a = (callsPerHalfHour * 2 * AHT_SECONDS) / 3600;
  for (let n = Math.floor(a) + 1; n <= Math.floor(a) + 1000; n++) {
    const c = textbookErlangC(n, a);
    const sl = 1 - c * Math.exp((-(n - a) * TARGET_SECONDS) / AHT_SECONDS);
    if (sl >= SERVICE_LEVEL && a / n <= MAX_OCCUPANCY) return n;
  }
  return -1; // never met: NaN from overflowing powers and factorials
}

/** Erlang A by the stationary law summed directly: π_j = A^j/j! (j <= N), then × λ/(Nμ + iθ), 300 queue states. */
function textbookErlangAConnect(n: number, arrivalsPerSecond: number): number {
  const mu = 1 / AHT_SECONDS;
  const theta = 1 / PATIENCE_SECONDS;
  const a = arrivalsPerSecond / mu;
  const pi: number[] = [];
  for (let j = 0; j <= n; j++) pi.push(Math.pow(a, j) / factorial(j));
  for (let i = 1; i <= 300; i++) pi.push((pi[pi.length - 1] * arrivalsPerSecond) / (n * mu + i * theta));
  const total = pi.reduce((s, p) => s + p, 0);
  let queue = 0;
  for (let i = 1; i <= 300; i++) queue += (i * pi[n + i]) / total;
  return 1 - (theta * queue) / arrivalsPerSecond;
}

/** Â(x, y) = Σ_j y^j / Π_{k=1..j}(x + k), summed forwards in plain floating point. */
function textbookAHat(x: number, y: number): number {
  let term = 1;
  let sum = 1;
  for (let j = 1; term > 1e-16 * sum; j++) {
    term *= y / (x + j);
    sum += term;
  }
  return sum;
}

/**
 * Erlang A staffing for 80/20 and occupancy <= 85 % by the closed forms as printed (Mandelbaum and Zeltyn 2005,
 * x = Nμ/θ, y = λ/θ, z = y·e^{−θt}): P(W > 0) = B·Â/(1 − B + B·Â), P(Ab | W > 0) = 1/(ρÂ) + 1 − 1/ρ,
 * P(answered, W > t | W > 0) = x/(x+1)·(z/y)^x·e^{y−z−θt}·Â(x+1, z)/Â(x, y); B from factorials.
 */
function textbookStaffASl(callsPerHalfHour: number): number {
  const lambda = (callsPerHalfHour * 2) / 3600;
  const mu = 1 / AHT_SECONDS;
  const theta = 1 / SL_PATIENCE_SECONDS;
  const a = lambda / mu;
  const y = lambda / theta;
  const z = y * Math.exp(-theta * TARGET_SECONDS);
  for (let n = 1; n <= Math.ceil(a) + 1000; n++) {
    const x = (n * mu) / theta;
    let sum = 0;
    for (let k = 0; k <= n; k++) sum += Math.pow(a, k) / factorial(k);
    const b = Math.pow(a, n) / factorial(n) / sum;
    const aHat = textbookAHat(x, y);
    const probWait = (b * aHat) / (1 - b + b * aHat);
    const rho = lambda / (n * mu);
    const abandonGivenWait = 1 / (rho * aHat) + 1 - 1 / rho;
    const answeredAfterT = ((x / (x + 1)) * Math.pow(z / y, x) * Math.exp(y - z - theta * TARGET_SECONDS) * textbookAHat(x + 1, z)) / aHat;
    const serviceLevel = 1 - probWait + probWait * (1 - abandonGivenWait - answeredAfterT);
    const occupancy = (a * (1 - probWait * abandonGivenWait)) / n;
    if (serviceLevel >= SERVICE_LEVEL && occupancy <= MAX_OCCUPANCY) return n;
  }
  return -1;
}

function textbookStaffA(callsPerHalfHour: number): number {
  const lambda = (callsPerHalfHour * 2) / 3600;
  const a = lambda * AHT_SECONDS;
  for (let n = 0; n <= Math.ceil(a) + 1000; n++) if (textbookErlangAConnect(n, lambda) >= MIN_CONNECT_RATE) return n;
  return -1;
}

// ---- This library -----------------------------------------------------------------------------------------

/** The half-hour's load and answer-time target every staffing call of this bench shares. */
const load = (callsPerHalfHour: number) => ({ callsPerInterval: callsPerHalfHour, intervalMinutes: 30, ahtSeconds: AHT_SECONDS, targetSeconds: TARGET_SECONDS });
/** The service-level targets Erlang C and the same-target Erlang A row share. */
const SL_TARGETS = { serviceLevelTarget: SERVICE_LEVEL, maxOccupancy: MAX_OCCUPANCY };

function oursStaffC(callsPerHalfHour: number): number {
  return staffErlangC({ ...load(callsPerHalfHour), ...SL_TARGETS }).requiredAgents;
}

function oursStaffASl(callsPerHalfHour: number): number {
  return staffErlangA({ ...load(callsPerHalfHour), patienceSeconds: SL_PATIENCE_SECONDS, ...SL_TARGETS }).requiredAgents;
}

function oursStaffA(callsPerHalfHour: number): number {
  return staffErlangA({ ...load(callsPerHalfHour), patienceSeconds: PATIENCE_SECONDS, minConnectRate: MIN_CONNECT_RATE }).requiredAgents;
}

// ---- Measurement ------------------------------------------------------------------------------------------

function time(run: () => number[], repeats: number): { ms: number; result: number[] } {
  const samples: number[] = [];
  let result: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    result = run();
    samples.push(performance.now() - t0);
  }
  samples.sort((x, y) => x - y);
  return { ms: samples[Math.floor(samples.length / 2)], result };
}

export default function bench(): void {
  const month = smallHotlineMonth();
  const large = largeCentreDay();
  const rows: string[][] = [];
  // [label, intervals, ours, textbook, repeats of ours, of the textbook, the Erlang C row (same intervals) compared with]
  const tasks: [string, number[], (c: number) => number, (c: number) => number, number, number, number | undefined][] = [
    ['Erlang C, month of a small hotline (1,440 intervals)', month, oursStaffC, textbookStaffC, 41, 15, undefined],
    [`Erlang A, same targets, patience ${SL_PATIENCE_SECONDS} s, month (1,440 intervals)`, month, oursStaffASl, textbookStaffASl, 41, 15, 0],
    [`Erlang A, connect rate, patience ${PATIENCE_SECONDS} s, month (1,440 intervals)`, month, oursStaffA, textbookStaffA, 41, 15, 0],
    ['Erlang C, a day of a large centre (48 intervals)', large, oursStaffC, textbookStaffC, 41, 3, undefined],
    [`Erlang A, connect rate, patience ${PATIENCE_SECONDS} s, a day of a large centre (48 intervals)`, large, oursStaffA, textbookStaffA, 41, 3, 3],
  ];
  const ours: number[] = [];
  for (const [label, intervals, mineOf, textbook, repeats, baselineRepeats, versus] of tasks) {
    // Warm up both (the JIT) on the task itself before timing.
    for (let w = 0; w < Math.ceil(baselineRepeats / 5); w++) intervals.forEach(textbook);
    for (let w = 0; w < Math.ceil(repeats / 5); w++) intervals.forEach(mineOf);
    const mine = time(() => intervals.map(mineOf), repeats);
    const base = time(() => intervals.map(textbook), baselineRepeats);
    ours.push(mine.ms);
    const wrong = base.result.filter((n, i) => n !== mine.result[i]).length;
    const failed = base.result.filter((n) => n < 0).length;
    const agents = mine.result.reduce((s, n) => s + n, 0);
    rows.push([
      label,
      `${mine.ms.toFixed(2)} ms`,
      `${((mine.ms * 1000) / intervals.length).toFixed(2)} µs`,
      versus === undefined ? '' : `${(mine.ms / ours[versus]).toFixed(1)}x`,
      `${base.ms.toFixed(1)} ms`,
      `${(base.ms / mine.ms).toFixed(1)}x`,
      `${wrong} of ${intervals.length}${failed > 0 ? ` (${failed} never met: NaN)` : ''}`,
      String(agents),
    ]);
  }
  const header = ['task', '@hotline/erlang', 'per interval', 'ours / our Erlang C', 'textbook baseline', 'baseline / ours', 'baseline answers wrong', 'agent-intervals (ours)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(
    [
      `Targets: ${SERVICE_LEVEL * 100} % within ${TARGET_SECONDS} s and occupancy <= ${MAX_OCCUPANCY * 100} % (Erlang C, and exact Erlang A with patience ${SL_PATIENCE_SECONDS} s); Erlang A connect rate >= ${MIN_CONNECT_RATE * 100} % with patience ${PATIENCE_SECONDS} s; AHT ${AHT_SECONDS} s. Median of repeated runs after warm-up (Node ${process.version}).`,
      line(header),
      `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
      ...rows.map(line),
    ].join('\n'),
  );
}
