/**
 * Hit rates of a search method on a labelled question set: the share of questions whose expected article is the
 * first hit (top-1) and among the first three (top-3), overall and per half (`tune`, `holdout`).
 */
import type { TestQuestion } from './testset/types';

/** Counts and rates of one set of questions. */
export interface HitRates {
  n: number;
  top1: number;
  top3: number;
  /** top1 / n, top3 / n (0 for no question). */
  top1Rate: number;
  top3Rate: number;
}

/** The evaluation: overall, per half, and the questions whose article was not in the top 3 (with what came). */
export interface Evaluation extends HitRates {
  tune: HitRates;
  holdout: HitRates;
  misses: { q: string; expected: string; got: string[] }[];
}

function rates(results: readonly { rank: number }[]): HitRates {
  const n = results.length;
  const top1 = results.filter((r) => r.rank === 0).length;
  const top3 = results.filter((r) => r.rank >= 0 && r.rank < 3).length;
  return { n, top1, top3, top1Rate: n === 0 ? 0 : top1 / n, top3Rate: n === 0 ? 0 : top3 / n };
}

/** Runs `rank` (a question -> article keys, best first) over `questions`. */
export function evaluateRanking(questions: readonly TestQuestion[], rank: (q: string) => readonly string[]): Evaluation {
  const results = questions.map((question) => {
    const got = rank(question.q);
    return { question, got, rank: got.indexOf(question.expected) };
  });
  return {
    ...rates(results),
    tune: rates(results.filter((r) => r.question.split === 'tune')),
    holdout: rates(results.filter((r) => r.question.split === 'holdout')),
    misses: results.filter((r) => r.rank < 0 || r.rank >= 3).map((r) => ({ q: r.question.q, expected: r.question.expected, got: r.got.slice(0, 3) })),
  };
}
