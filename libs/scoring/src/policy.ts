/**
 * Every clause of the contract that can be read more than one way is a named policy. The first value of each
 * list is the default, which is the reading of `contract.md` ("the default never overstates the score"); the
 * others are one switch away. Policies cross the boundary as plain `name -> value` strings.
 */
import { ScoringError } from './errors';

/**
 * The policies and their values, default first.
 *
 * | policy | values (default first) | clause |
 * |---|---|---|
 * | `connectShortfall` | `ceil`, `linear` | 接通率 "每低一个百分点扣1分": per started point (89.99 % loses 1) or proportional (88.5 % loses 1.5) |
 * | `satisfactionShortfall` | `linear`, `ceil` | 挂机满意度 "每低一个百分点扣1分…期间线性得分": proportional, as the clause says; `ceil` = per started point |
 * | `complaintExcess` | `ceil`, `linear` | 有理由投诉率 "每超过0.01%扣2分": per started 0.01 % or proportional |
 * | `qaShortfall` | `ceil`, `floor` | 话务质检 "每少10通扣0.2分": per started 10 calls or per full 10 |
 * | `bonus` | `floor`, `linear` | "每提升0.5个百分点加0.2分，封顶2分": per full half point or proportional (0.4 per point), both capped at 2 |
 * | `confidentialityConsequences` | `additional`, `instead` | 信息保密 "每次扣1分；造成不良后果的，每次扣5分": a breach with bad consequences costs 1 + 5, or 5 instead of 1 |
 * | `connectAggregation` | `aggregate-ratio`, `mean-of-daily` | "月平均接通率": ratio of the month's sums, or the mean of the daily rates |
 * | `shortIvrHangups` | `exclude`, `ivr-answered` | short IVR hang-ups (caller gone before choosing): out of the rate, or counted as IVR-answered |
 * | `noRequests` | `full`, `zero` | no request outside outage windows: the item is not assessable; full marks (no bonus) or 0 |
 * | `noSurveyResponses` | `zero`, `full` | no survey response: the target cannot be shown to be met; 0 points, or full marks (no bonus) |
 * | `noAgentCalls` | `by-complaints`, `full` | no agent-answered call: full marks when there is no justified complaint and 0 otherwise, or full marks |
 * | `totalCap` | `none`, `100` | 总计 100: the total is the plain sum of the items (bonuses can take it to 104, as contract.md and the worked cases read it), or capped at the sheet's 100 |
 * | `quarter` | `mean-score`, `mean-coefficient` | 季度结算: coefficient of the mean of the three monthly scores, or the mean of the three monthly coefficients |
 */
export const POLICY_OPTIONS = {
  connectShortfall: ['ceil', 'linear'],
  satisfactionShortfall: ['linear', 'ceil'],
  complaintExcess: ['ceil', 'linear'],
  qaShortfall: ['ceil', 'floor'],
  bonus: ['floor', 'linear'],
  confidentialityConsequences: ['additional', 'instead'],
  connectAggregation: ['aggregate-ratio', 'mean-of-daily'],
  shortIvrHangups: ['exclude', 'ivr-answered'],
  noRequests: ['full', 'zero'],
  noSurveyResponses: ['zero', 'full'],
  noAgentCalls: ['by-complaints', 'full'],
  totalCap: ['none', '100'],
  quarter: ['mean-score', 'mean-coefficient'],
} as const;

/** The name of a policy, e.g. `connectShortfall`. */
export type PolicyName = keyof typeof POLICY_OPTIONS;

/** A complete set of readings: one value per policy. */
export type ScoringPolicy = { -readonly [K in PolicyName]: (typeof POLICY_OPTIONS)[K][number] };

/** A partial set of readings; unnamed policies take their default. */
export type PolicyInput = Partial<ScoringPolicy>;

/** All policy names, in the documented order. */
export const POLICY_NAMES = Object.keys(POLICY_OPTIONS) as PolicyName[];

/** The defaults of contract.md: the first value of each policy. */
export const DEFAULT_POLICY: Readonly<ScoringPolicy> = Object.freeze(
  Object.fromEntries(POLICY_NAMES.map((name) => [name, POLICY_OPTIONS[name][0]])) as ScoringPolicy,
);

function isPolicyName(name: string): name is PolicyName {
  return Object.prototype.hasOwnProperty.call(POLICY_OPTIONS, name);
}

/**
 * Validates a (partial) policy object and fills in the defaults.
 *
 * @param policy - `{ name: value }`; `undefined` or `{}` gives {@link DEFAULT_POLICY}.
 * @returns a complete, new policy object.
 * @throws {ScoringError} `not-an-object` (field `policy`), `unknown-policy` (field `policy.<name>`),
 *   `invalid-policy-value` (field `policy.<name>`, the message lists the allowed values).
 * @example
 * resolvePolicy({ connectShortfall: 'linear' }).bonus; // 'floor'
 */
export function resolvePolicy(policy?: PolicyInput | Readonly<Record<string, unknown>>): ScoringPolicy {
  const resolved: ScoringPolicy = { ...DEFAULT_POLICY };
  if (policy === undefined || policy === null) return resolved;
  if (typeof policy !== 'object' || Array.isArray(policy)) {
    throw new ScoringError('not-an-object', 'policy', 'must be an object of policy name -> value');
  }
  for (const [name, value] of Object.entries(policy)) {
    if (value === undefined) continue;
    if (!isPolicyName(name)) {
      throw new ScoringError('unknown-policy', `policy.${name}`, `unknown policy; known: ${POLICY_NAMES.join(', ')}`);
    }
    const allowed: readonly string[] = POLICY_OPTIONS[name];
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw new ScoringError('invalid-policy-value', `policy.${name}`, `invalid value ${JSON.stringify(value)}; allowed: ${allowed.join(', ')}`);
    }
    (resolved as Record<PolicyName, string>)[name] = value;
  }
  return resolved;
}

/**
 * Parses `name=value` assignments (as typed on a command line; several may be joined with commas).
 *
 * @throws {ScoringError} `invalid-policy-value` (field `policy`) for a malformed assignment, and everything
 *   {@link resolvePolicy} throws.
 * @example
 * parsePolicyAssignments(['connectShortfall=linear', 'bonus=linear,quarter=mean-coefficient']);
 */
export function parsePolicyAssignments(assignments: readonly string[]): PolicyInput {
  const out: Record<string, string> = {};
  for (const raw of assignments.flatMap((a) => a.split(','))) {
    const text = raw.trim();
    if (text === '') continue;
    const eq = text.indexOf('=');
    if (eq <= 0 || eq === text.length - 1) {
      throw new ScoringError('invalid-policy-value', 'policy', `expected name=value, got ${JSON.stringify(text)}`);
    }
    out[text.slice(0, eq).trim()] = text.slice(eq + 1).trim();
  }
  const resolved = resolvePolicy(out);
  return Object.fromEntries(Object.keys(out).map((k) => [k, resolved[k as PolicyName]])) as PolicyInput;
}

/** The policies of `policy` that differ from the defaults (for display: "policy: defaults" or the switches). */
export function nonDefaultPolicies(policy: ScoringPolicy): PolicyInput {
  return Object.fromEntries(POLICY_NAMES.filter((n) => policy[n] !== DEFAULT_POLICY[n]).map((n) => [n, policy[n]])) as PolicyInput;
}
