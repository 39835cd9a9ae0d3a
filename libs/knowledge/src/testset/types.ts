/** One article of the search test set: an article's content and a stable key the questions name. */
export interface TestArticle {
  key: string;
  question: string;
  answer: string;
  businessTypeCode: string;
  keywords: readonly string[];
  sourceDocument: string;
}

/**
 * One question of the test set as a citizen asks it, the key of the article that answers it, and its half:
 * `tune` may be used to choose weights, `holdout` is only measured.
 */
export interface TestQuestion {
  q: string;
  expected: string;
  split: 'tune' | 'holdout';
}
