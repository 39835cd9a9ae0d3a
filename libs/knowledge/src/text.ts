/**
 * Text analysis for the knowledge search: normalisation and the two ways of cutting Chinese text into terms the
 * index compares, measured against each other in `bench/knowledge.bench.ts` (figures in the README):
 * - {@link wordAnalyzer}: word segmentation by a jieba segmenter (`@node-rs/jieba`, search mode, HMM on), minus
 *   a short list of function words ({@link STOPWORDS});
 * - {@link bigramAnalyzer}: overlapping character bigrams of each run of Chinese characters (a lone character
 *   stays a unigram), no dictionary.
 * Both keep runs of Latin letters and digits whole (`12123`, `b2`, `app`). Pure: the segmenter is passed in.
 */

/** What the word analyzer needs of a segmenter: `Jieba.cutForSearch` of `@node-rs/jieba`. */
export interface Segmenter {
  cutForSearch(sentence: string, hmm?: boolean | null): string[];
}

/** A function from text to its terms (repeated terms repeated: term frequencies count). */
export type Analyzer = (text: string) => string[];

/**
 * Function words dropped from the terms: pronouns, particles, question words and auxiliaries that a caller's
 * question carries and that say nothing about the business (怎么, 吗, 我...). A generic list, not tuned on the test set.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  '的', '了', '吗', '呢', '吧', '啊', '呀', '么', '嘛', '哦', '着', '过', '地', '得',
  '我', '你', '您', '他', '她', '它', '我们', '你们', '他们', '自己', '人家',
  '这', '那', '这个', '那个', '这边', '那边', '这里', '那里', '这样', '那样',
  '怎么', '怎么办', '怎样', '怎么样', '如何', '什么', '咋', '咋办', '啥', '哪', '哪里', '哪儿', '为什么', '多少', '几',
  '是', '有', '在', '要', '能', '会', '可以', '可', '能不能', '是不是', '去', '来', '把', '被', '给', '和', '与', '或', '或者',
  '还', '就', '都', '也', '又', '很', '一下', '请问', '想', '一个', '个', '些', '上', '下', '里', '吗', '呃', '嗯', '请', '帮',
  '现在', '已经', '需要', '应该', '还是', '但是', '如果', '因为', '所以', '然后', '没有', '不', '没',
]);

const HAN = /\p{Script=Han}/u;
const RUNS = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

/** NFKC (full-width to half-width), lower case. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Whether a term holds a Chinese character. */
export function hasHan(term: string): boolean {
  return HAN.test(term);
}

/** Runs of Chinese characters and runs of letters/digits, in order (punctuation and blanks separate them). */
export function textRuns(text: string): string[] {
  return normalizeText(text).match(RUNS) ?? [];
}

/**
 * Character-bigram terms: each Chinese run of n >= 2 characters gives its n - 1 overlapping bigrams, a run of one
 * character itself; letter/digit runs stay whole. Bigrams equal to a stopword (`怎么`, `什么`...) are dropped.
 */
export const bigramAnalyzer: Analyzer = (text) => {
  const terms: string[] = [];
  for (const run of textRuns(text)) {
    if (!hasHan(run)) {
      terms.push(run);
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) {
      if (!STOPWORDS.has(run)) terms.push(run);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) {
      const bigram = chars[i] + chars[i + 1];
      if (!STOPWORDS.has(bigram)) terms.push(bigram);
    }
  }
  return terms;
};

/**
 * Word terms by a segmenter in search mode (long words also give their dictionary sub-words: 机动车 -> 机动, 动车,
 * 机动车), HMM on for words outside the dictionary; stopwords and terms without a letter, digit or Chinese character
 * are dropped.
 */
export function wordAnalyzer(segmenter: Segmenter): Analyzer {
  return (text) => {
    const terms: string[] = [];
    for (const run of textRuns(text)) {
      const words = hasHan(run) ? segmenter.cutForSearch(run, true) : [run];
      for (const w of words) if (w !== '' && !STOPWORDS.has(w)) terms.push(w);
    }
    return terms;
  };
}

/** Both analyzers' terms together (word terms, then bigrams): a hybrid measured beside the two. */
export function unionAnalyzer(...analyzers: readonly Analyzer[]): Analyzer {
  return (text) => analyzers.flatMap((a) => a(text));
}
