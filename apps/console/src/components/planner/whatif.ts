import { MAX_AGENTS, PLANNER_LIMITS as L } from '@hotline/forecast';

/**
 * The planner's form: each box's rule, in the units the planner types (percent for targets and shrinkage, seconds,
 * whole agents and weeks), with the API's limits (PLANNER_LIMITS). A box is text until it parses: an empty
 * required box is an error, never 0.
 */
export type Unit = 'percent' | 'seconds' | 'agents' | 'weeks';

export interface FieldRule {
  /** False: empty means "not given" (the measured value, or the Erlang A requirement). */
  required: boolean;
  min: number;
  max: number;
  /** The bound itself is excluded. */
  minOpen?: boolean;
  maxOpen?: boolean;
  integer?: boolean;
  unit: Unit;
}

/** Why a box is refused: a message key of `planner.forecast.errors`, with the bound it names. */
export interface FieldError {
  key: 'required' | 'number' | 'integer' | 'min' | 'minOpen' | 'max' | 'maxOpen';
  bound?: number;
  unit: Unit;
}

export const RULES = {
  weeks: { required: true, min: L.weeks.min, max: L.weeks.max, integer: true, unit: 'weeks' },
  ahtSeconds: { required: false, min: 0, minOpen: true, max: L.maxSeconds, unit: 'seconds' },
  patienceSeconds: { required: false, min: 0, minOpen: true, max: L.maxSeconds, unit: 'seconds' },
  serviceLevelPct: { required: true, min: 0, max: 100, maxOpen: true, unit: 'percent' },
  targetSeconds: { required: true, min: 0, max: L.maxSeconds, unit: 'seconds' },
  connectPct: { required: true, min: 0, max: 100, maxOpen: true, unit: 'percent' },
  shrinkagePct: { required: true, min: 0, max: 100, maxOpen: true, unit: 'percent' },
  minAgents: { required: true, min: 0, max: L.maxMinAgents, integer: true, unit: 'agents' },
  agentsOnDuty: { required: false, min: 0, max: MAX_AGENTS, integer: true, unit: 'agents' },
} satisfies Record<string, FieldRule>;

export type FieldName = keyof typeof RULES;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** A box's text as a number under its rule: `value` null when empty and optional; `error` when refused. */
export function parseField(raw: string, rule: FieldRule): { value: number | null; error: FieldError | null } {
  // Full-width digits and point (an IME left on) read as the ASCII ones.
  const text = raw.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const unit = rule.unit;
  if (text === '') return { value: null, error: rule.required ? { key: 'required', unit } : null };
  if (!NUMBER.test(text)) return { value: null, error: { key: 'number', unit } };
  const value = Number(text);
  if (rule.integer && !Number.isInteger(value)) return { value: null, error: { key: 'integer', unit } };
  if (rule.minOpen ? value <= rule.min : value < rule.min) return { value: null, error: { key: rule.minOpen ? 'minOpen' : 'min', bound: rule.min, unit } };
  if (rule.maxOpen ? value >= rule.max : value > rule.max) return { value: null, error: { key: rule.maxOpen ? 'maxOpen' : 'max', bound: rule.max, unit } };
  return { value, error: null };
}
