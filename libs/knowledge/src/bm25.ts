/**
 * The knowledge search index: BM25F over an article's three fields (question, keywords, answer) with field weights
 * (Robertson & Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond", 2009, section 3.4):
 *
 *   score(d, q) = sum over distinct query terms t of  idf(t) * tf~(t, d) / (k1 + tf~(t, d))
 *   tf~(t, d)   = sum over fields f of  w_f * tf(t, d.f) / (1 - b + b * len(d.f) / avglen(f))
 *   idf(t)      = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))      (df: articles holding t in any field)
 *
 * then multiplied by the business-type boost when the caller gives the request's type (x{@link SAME_TYPE_BOOST}
 * for the same type, x{@link SAME_FAMILY_BOOST} for the same top-level type). Built once from the published
 * articles (the API rebuilds it on each publication): searching touches only the postings of the query's terms.
 * Pure: the analyzer (how text becomes terms, see text.ts) is passed in.
 */
import type { Analyzer } from './text';

/** The searchable content of one article version. */
export interface SearchDoc<Id> {
  id: Id;
  question: string;
  keywords: readonly string[];
  answer: string;
  businessTypeCode: string;
}

/** Field weights and the BM25 constants. */
export interface Bm25Params {
  k1: number;
  b: number;
  weights: { question: number; keywords: number; answer: number };
}

/**
 * The product's constants: k1 = 1.2 and b = 0.75 are BM25's usual values; the field weights (a keyword match counts
 * 3 times a question or answer match) were chosen on the `tune` half of the test set only, from question 1..3 x
 * keywords 1..3 (answer 1): the best top-3, then top-1, on that half for both analyzers.
 */
export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75, weights: { question: 1, keywords: 3, answer: 1 } };

/** Boost of an article of the request's own type. */
export const SAME_TYPE_BOOST = 1.5;
/** Boost of an article of another type under the same top-level type. */
export const SAME_FAMILY_BOOST = 1.2;

/** One hit: the article, its score and the distinct query terms it holds (in query order). */
export interface SearchHit<Id> {
  id: Id;
  score: number;
  matchedTerms: string[];
}

/** Options of {@link KnowledgeIndex.search}. */
export interface SearchOptions {
  /** Hits to return (default 5). */
  limit?: number;
  /** The request's type: its articles rank higher (a boost, not a filter). */
  businessTypeCode?: string;
  /** The top-level type of a type code (itself for a top-level type); without it only the same type is boosted. */
  familyOf?: (code: string) => string;
}

const FIELDS = ['question', 'keywords', 'answer'] as const;

interface Posting {
  doc: number;
  tf: number;
}

/** An inverted index over a set of articles; immutable once built. */
export class KnowledgeIndex<Id> {
  private readonly postings = new Map<string, Posting[]>();
  private readonly docs: readonly SearchDoc<Id>[];

  /** Indexes `docs` with `analyzer`; `params` default to {@link DEFAULT_BM25}. */
  constructor(docs: readonly SearchDoc<Id>[], private readonly analyzer: Analyzer, private readonly params: Bm25Params = DEFAULT_BM25) {
    this.docs = docs;
    const fieldTerms = docs.map((d) => ({ question: analyzer(d.question), keywords: analyzer(d.keywords.join(' ')), answer: analyzer(d.answer) }));
    const avg = Object.fromEntries(
      FIELDS.map((f) => [f, fieldTerms.reduce((s, t) => s + t[f].length, 0) / Math.max(1, docs.length) || 1]),
    ) as Record<(typeof FIELDS)[number], number>;
    fieldTerms.forEach((terms, doc) => {
      const tf = new Map<string, number>();
      for (const f of FIELDS) {
        const norm = 1 - params.b + (params.b * terms[f].length) / avg[f];
        for (const t of terms[f]) tf.set(t, (tf.get(t) ?? 0) + params.weights[f] / norm);
      }
      for (const [t, v] of tf) {
        const list = this.postings.get(t) ?? [];
        list.push({ doc, tf: v });
        this.postings.set(t, list);
      }
    });
  }

  /** Number of articles indexed. */
  get size(): number {
    return this.docs.length;
  }

  /** The distinct terms of `text` as the index reads them (for display). */
  terms(text: string): string[] {
    return [...new Set(this.analyzer(text))];
  }

  /** The articles matching at least one term of `query`, best first (ties: earlier article first). */
  search(query: string, options: SearchOptions = {}): SearchHit<Id>[] {
    const { k1 } = this.params;
    const n = this.docs.length;
    const scores = new Map<number, { score: number; matched: string[] }>();
    for (const t of this.terms(query)) {
      const list = this.postings.get(t);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const p of list) {
        const s = scores.get(p.doc) ?? { score: 0, matched: [] };
        s.score += (idf * p.tf) / (k1 + p.tf);
        s.matched.push(t);
        scores.set(p.doc, s);
      }
    }
    const type = options.businessTypeCode;
    const family = options.familyOf;
    const hits = [...scores].map(([doc, s]) => {
      const code = this.docs[doc].businessTypeCode;
      let boost = 1;
      if (type !== undefined && code === type) boost = SAME_TYPE_BOOST;
      else if (type !== undefined && family !== undefined && family(code) === family(type)) boost = SAME_FAMILY_BOOST;
      return { doc, id: this.docs[doc].id, score: s.score * boost, matchedTerms: s.matched };
    });
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return hits.slice(0, options.limit ?? 5).map(({ id, score, matchedTerms }) => ({ id, score, matchedTerms }));
  }
}
