/**
 * The knowledge base's search (知识库检索), pure: text analysis for Chinese (text.ts), a BM25F index over an article's
 * question, keywords and answer with a business-type boost (bm25.ts), hit rates on a labelled question set
 * (evaluate.ts), and that set (testset/: 40 articles on 12123 business, 80 citizens' questions, two halves; our own
 * content written for this project, which the demo also loads as its sample knowledge base), and the reading of a
 * standard-answer document's cells for the import (import.ts).
 *
 * Measured on the test set (`npm run bench -- knowledge`; top-1 / top-3 of 80 questions):
 * - (a) jieba word segmentation (`@node-rs/jieba`) + BM25F: 64 / 74 (80.0% / 92.5%);
 * - (b) Postgres pg_trgm similarity or word_similarity: 46 / 57 (57.5% / 71.3%) at best; full-text `simple`: 1 / 2;
 * - (c) character bigrams + BM25F: 65 / 74 (81.3% / 92.5%); holdout half 30 / 37 of 40 — the product's method
 *   ({@link bigramAnalyzer} with {@link DEFAULT_BM25}); with the request's type boost 67 / 74.
 * The unit spec holds (c) at >= 90% top-3 overall and on the holdout half.
 */
export * from './text';
export * from './bm25';
export * from './evaluate';
export * from './import';
export * from './testset';
