// Every worked example of the contract (/work/shared/spec/score-cases.json), loaded from where it lives.
import { readFileSync } from 'node:fs';
import Decimal from 'decimal.js';
import { scoreMonth, sheetFigures, type PolicyInput, type ScoreInput, type SheetFiguresRecord } from './index';

const CASES_PATH = '/work/shared/spec/score-cases.json';

interface ScoreCase {
  id: string;
  note?: string;
  input: ScoreInput;
  policy?: PolicyInput;
  expected: Record<string, string>;
}

const cases = JSON.parse(readFileSync(CASES_PATH, 'utf8')) as ScoreCase[];
const checked = new Set<string>();
let comparisons = 0;

describe(`score cases from ${CASES_PATH}`, () => {
  it('the file holds cases', () => {
    expect(Array.isArray(cases)).toBe(true);
    expect(cases.length).toBeGreaterThan(0);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const figures = sheetFigures(scoreMonth(c.input, c.policy));
    // every case gives every register field: nothing is pending, the range is the total itself
    expect(figures).toMatchObject({ provisional: false, totalMin: figures.total, totalMax: figures.total, coefficientMin: figures.coefficient, coefficientMax: figures.coefficient });
    const keys = Object.keys(c.expected);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      // Every expected figure must exist in the result: an unknown key fails instead of being skipped.
      expect(Object.prototype.hasOwnProperty.call(figures, key)).toBe(true);
      const actual = figures[key as keyof SheetFiguresRecord];
      expect(actual).not.toBeNull();
      const same = new Decimal(actual as string).equals(new Decimal(c.expected[key]));
      if (!same) throw new Error(`${id} ${key}: expected ${c.expected[key]}, got ${String(actual)}`);
      comparisons += 1;
    }
    checked.add(id);
  });

  it('checked every case and every expected figure', () => {
    expect(checked.size).toBe(cases.length);
    expect(comparisons).toBe(cases.reduce((n, c) => n + Object.keys(c.expected).length, 0));
  });
});
