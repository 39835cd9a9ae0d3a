/**
 * The monthly quality-inspection (话务质检) sample: the contract asks the supplier to inspect at least 1 % of the
 * agent-answered calls (不少于1%的人工话务). The product draws the sample itself, stratified by agent and shift band,
 * from a recorded seed, so that anyone holding the ledger and the seed redraws exactly the same calls.
 *
 * Pure: no I/O, no clock, no `Math.random`. The pseudo-random numbers come from two small public-domain
 * algorithms published by bryc (https://github.com/bryc/code/blob/master/jshash/PRNGs.md):
 * - `cyrb128`: a 128-bit string hash, used to turn the seed text (and a stratum's key) into a generator state;
 * - `sfc32`: Chris Doty-Humphrey's "Small Fast Counting" generator from the PractRand suite (32-bit variant).
 * They are written out below (not a dependency) so that the method, `stratified-agent-shift/v1`, never changes
 * under the product's feet; the spec pins their outputs.
 */
import { Decimal } from 'decimal.js';
import { instantToLocal } from '@hotline/events';

/** The name and version of the sampling method recorded with each drawn sample. Change it if the algorithm changes. */
export const QA_SAMPLE_METHOD = 'stratified-agent-shift/v1';

/** Local shift bands: day 08:00-16:00, evening 16:00-24:00, night 00:00-08:00. */
export const SHIFT_BANDS = ['day', 'evening', 'night'] as const;
/** One of {@link SHIFT_BANDS}. */
export type ShiftBand = (typeof SHIFT_BANDS)[number];

/** A call of the sampling frame: an agent-answered call of the month, its agent and its shift band. */
export interface QaFrameCall {
  callId: string;
  agentId: string;
  shift: ShiftBand;
}

/**
 * The QA quota of a month: ceil(1 % x agent-answered calls), an integer (0 for a month without agent-answered calls).
 * The same rule as libs/scoring's `qaQuotaOf` (not exported from @hotline/scoring, and libs/kpi does not depend on
 * it), in exact integer arithmetic.
 * @throws RangeError when `agentAnswered` is not a non-negative integer.
 * @example qaQuota(1234) // 13
 */
export function qaQuota(agentAnswered: number): number {
  if (!Number.isSafeInteger(agentAnswered) || agentAnswered < 0) throw new RangeError(`agentAnswered must be a non-negative integer; got ${agentAnswered}`);
  return Math.floor((agentAnswered + 99) / 100);
}

/**
 * The local shift band of an instant in `timeZone`: `day` 08:00-16:00, `evening` 16:00-24:00, `night` 00:00-08:00
 * (start inclusive, end exclusive).
 */
export function shiftBand(instant: Date, timeZone: string): ShiftBand {
  const { hour } = instantToLocal(instant, timeZone);
  return hour < 8 ? 'night' : hour < 16 ? 'day' : 'evening';
}

/**
 * cyrb128 (bryc, public domain): a 128-bit hash of a string's UTF-16 code units, as four unsigned 32-bit words.
 * Source: https://github.com/bryc/code/blob/master/jshash/PRNGs.md#cyrb128
 */
export function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * sfc32 (Chris Doty-Humphrey, PractRand; JavaScript form by bryc): a generator of unsigned 32-bit integers from a
 * 128-bit state. Source: https://github.com/bryc/code/blob/master/jshash/PRNGs.md#sfc32
 * @returns a function giving the next integer in [0, 2^32).
 */
export function sfc32(seed: readonly [number, number, number, number]): () => number {
  let [a, b, c, d] = seed.map((x) => x | 0);
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

/** Outputs discarded after seeding, as bryc advises for sfc32 seeded from a hash (mixes the state fully). */
const WARM_UP = 15;

/** A uniform integer in [0, n) from 32-bit outputs, without modulo bias (rejection sampling). */
function below(next: () => number, n: number): number {
  const limit = 2 ** 32 - (2 ** 32 % n);
  for (;;) {
    const x = next();
    if (x < limit) return x % n;
  }
}

/** Code-unit order of strings (not the locale's): the same everywhere. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Stratum {
  key: string;
  agentId: string;
  shift: ShiftBand;
  /** Call ids, sorted by code units. */
  calls: string[];
  take: number;
}

/**
 * Draws the month's random QA sample (method {@link QA_SAMPLE_METHOD}).
 *
 * 1. Size: n = max(quota, number of agents), at most the number of calls. `quota` is the contract's minimum
 *    ({@link qaQuota}); when the month has more agents than the quota, the sample grows so that every agent with an
 *    answered call is inspected at least once (the quota is a floor, never lowered).
 * 2. Strata: (agent, shift band), ordered by agent id (code units) then band (day, evening, night).
 * 3. Allocation: each agent first gets one call, in her largest stratum (ties: the earlier band); the remaining
 *    r = n - agents are allocated over all strata in proportion to the calls each stratum has left (Hamilton's
 *    largest-remainder method in exact integer arithmetic; equal remainders go to the earlier stratum key).
 * 4. Within a stratum: its calls sorted by call id, shuffled by a partial Fisher-Yates driven by sfc32 seeded with
 *    cyrb128(seed + NUL + agentId + NUL + band) (15 outputs discarded), and the first `take` kept.
 *
 * The result depends only on the set of calls and the seed: never on the input order.
 * @param calls the frame: agent-answered calls of the month with their agent and shift band (call ids distinct).
 * @param quota the minimum sample size (a non-negative integer).
 * @param seed any text; recorded with the sample so that it can be redrawn.
 * @returns the sampled call ids, sorted by code units.
 * @throws RangeError on a negative or fractional quota, an empty seed, a duplicate call id or an unknown shift band.
 */
export function drawQaSample(calls: readonly QaFrameCall[], quota: number, seed: string): string[] {
  if (!Number.isSafeInteger(quota) || quota < 0) throw new RangeError(`quota must be a non-negative integer; got ${quota}`);
  if (seed.length === 0) throw new RangeError('the seed must not be empty');
  const seen = new Set<string>();
  const strata = new Map<string, Stratum>();
  for (const call of calls) {
    if (seen.has(call.callId)) throw new RangeError(`call ${call.callId} is in the frame twice`);
    seen.add(call.callId);
    const band = SHIFT_BANDS.indexOf(call.shift);
    if (band < 0) throw new RangeError(`call ${call.callId}: unknown shift band "${String(call.shift)}"`);
    // Key sorts by agent (code units), then band order; NUL cannot be confused with a character of an id.
    const key = `${call.agentId}\u0000${band}`;
    let stratum = strata.get(key);
    if (!stratum) strata.set(key, (stratum = { key, agentId: call.agentId, shift: call.shift, calls: [], take: 0 }));
    stratum.calls.push(call.callId);
  }
  const ordered = [...strata.values()].sort((a, b) => byCodeUnits(a.key, b.key));
  for (const s of ordered) s.calls.sort(byCodeUnits);

  const byAgent = new Map<string, Stratum[]>();
  for (const s of ordered) (byAgent.get(s.agentId) ?? byAgent.set(s.agentId, []).get(s.agentId)!).push(s);
  const size = Math.min(seen.size, Math.max(quota, byAgent.size));

  // Every agent once, in her largest stratum (strata are in band order within an agent: the first largest wins).
  for (const own of byAgent.values()) {
    const largest = own.reduce((best, s) => (s.calls.length > best.calls.length ? s : best));
    largest.take = 1;
  }
  // The rest in proportion to what each stratum has left: floor shares, then the largest remainders.
  const rest = size - byAgent.size;
  if (rest > 0) {
    const left = ordered.map((s) => s.calls.length - s.take);
    const total = left.reduce((a, b) => a + b, 0);
    const remainders: { index: number; remainder: number }[] = [];
    let given = 0;
    ordered.forEach((s, index) => {
      const share = rest * left[index];
      const whole = Math.floor(share / total);
      s.take += whole;
      given += whole;
      remainders.push({ index, remainder: share - whole * total });
    });
    remainders.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
    for (let i = 0; i < rest - given; i++) ordered[remainders[i].index].take += 1;
  }

  const sample: string[] = [];
  for (const s of ordered) {
    const next = sfc32(cyrb128(`${seed}\u0000${s.agentId}\u0000${s.shift}`));
    for (let i = 0; i < WARM_UP; i++) next();
    const pool = [...s.calls];
    for (let i = 0; i < s.take; i++) {
      const j = i + below(next, pool.length - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
      sample.push(pool[i]);
    }
  }
  return sample.sort(byCodeUnits);
}

/** One item of a QA form, as a review is checked against it. */
export interface QaFormItemLimit {
  key: string;
  maxPoints: number;
}

/** What is wrong with one item of a review: the item's key and why. */
export interface QaScoreProblem {
  key: string;
  message: string;
}

/**
 * Checks a QA review's points against its form and adds them up.
 * - every item of the form must be scored, and nothing else (`missing`, `not an item of the form`);
 * - each score is a finite number from 0 to the item's `maxPoints` inclusive.
 * @returns `total`: the sum of the scores as a decimal string (exact, decimal.js; e.g. `"87.5"`), and the problems
 *   in the form's item order, then unknown keys in code-unit order (empty when the review is valid; `total` is then
 *   meaningful).
 */
export function checkQaReview(items: readonly QaFormItemLimit[], scores: Readonly<Record<string, number>>): { total: string; problems: QaScoreProblem[] } {
  const problems: QaScoreProblem[] = [];
  const known = new Set(items.map((i) => i.key));
  let total = new Decimal(0);
  for (const item of items) {
    const value = Object.prototype.hasOwnProperty.call(scores, item.key) ? scores[item.key] : undefined;
    if (value === undefined) {
      problems.push({ key: item.key, message: `score the item (0 to ${item.maxPoints})` });
    } else if (!Number.isFinite(value) || value < 0 || value > item.maxPoints) {
      problems.push({ key: item.key, message: `must be from 0 to ${item.maxPoints}; got ${value}` });
    } else {
      total = total.plus(value);
    }
  }
  for (const key of Object.keys(scores).sort(byCodeUnits)) if (!known.has(key)) problems.push({ key, message: 'not an item of the form' });
  return { total: total.toString(), problems };
}
