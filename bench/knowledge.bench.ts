/**
 * `npm run bench -- knowledge`: which search finds the expected article for the 80 citizens' questions of the test
 * set (libs/knowledge/src/testset: 40 articles on 12123 business), top-1 and top-3 hit rates overall and on each
 * half (`tune`: weights were chosen on it; `holdout`: only measured):
 * - (a) jieba word segmentation (`@node-rs/jieba`, search mode) + BM25F over question / keywords / answer;
 * - (b) Postgres on this machine: pg_trgm `similarity` and `word_similarity` of the question with the article's
 *   question + keywords (+ answer), and full-text search with the `simple` configuration (Postgres has no Chinese
 *   parser without an extension such as zhparser, so Chinese runs stay whole words);
 * - (c) character-bigram BM25F (pure TS, no dictionary), the product's method (libs/knowledge);
 * - the union of (a) and (c)'s terms, and (c) given the request's business type (the desk's boost).
 * Also the time to build the index and to answer one query. Needs Postgres (`TEST_PG_ADMIN_URL`, default
 * postgresql://postgres@127.0.0.1:5432/postgres): a scratch database `hotline_bench_knowledge` is created and dropped.
 * Figures are reported, never asserted (the unit spec holds the product's bound without a database).
 */
import { performance } from 'node:perf_hooks';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { Client } from 'pg';
import {
  DEFAULT_BM25, KnowledgeIndex, TEST_ARTICLES, TEST_QUESTIONS, bigramAnalyzer, evaluateRanking, unionAnalyzer, wordAnalyzer, type Analyzer, type Evaluation,
} from '@hotline/knowledge';

const PG_ADMIN = process.env.TEST_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'hotline_bench_knowledge';

const pct = (k: number, n: number): string => `${k}/${n} ${((100 * k) / n).toFixed(1)}%`;

function row(name: string, e: Evaluation): string {
  return `| ${name} | ${pct(e.top1, e.n)} | ${pct(e.top3, e.n)} | ${pct(e.tune.top3, e.tune.n)} | ${pct(e.holdout.top1, e.holdout.n)} | ${pct(e.holdout.top3, e.holdout.n)} |`;
}

function bm25(analyzer: Analyzer, withType = false): Evaluation {
  const index = new KnowledgeIndex(TEST_ARTICLES.map((a) => ({ ...a, id: a.key })), analyzer, DEFAULT_BM25);
  const typeOf = new Map(TEST_ARTICLES.map((a) => [a.key, a.businessTypeCode]));
  return evaluateRanking(TEST_QUESTIONS, (q) => {
    const type = withType ? typeOf.get(TEST_QUESTIONS.find((t) => t.q === q)?.expected ?? '') : undefined;
    return index.search(q, { limit: 10, businessTypeCode: type }).map((h) => h.id);
  });
}

/** Ranks every question with one SQL scoring expression over the scratch table ($1 = the question). */
async function postgres(client: Client, score: string): Promise<Evaluation> {
  const ranked = new Map<string, string[]>();
  for (const { q } of TEST_QUESTIONS) {
    const { rows } = await client.query<{ key: string }>(`SELECT key FROM article WHERE ${score} > 0 ORDER BY ${score} DESC, id LIMIT 10`, [q]);
    ranked.set(q, rows.map((r) => r.key));
  }
  return evaluateRanking(TEST_QUESTIONS, (q) => ranked.get(q) ?? []);
}

async function postgresRows(): Promise<string[]> {
  const admin = new Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}"`);
  await admin.query(`CREATE DATABASE "${DATABASE}"`);
  const client = new Client({ connectionString: PG_ADMIN.replace(/\/[^/]*$/, `/${DATABASE}`) });
  try {
    await client.connect();
    const { rows: [ctype] } = await client.query<{ datctype: string }>('SELECT datctype FROM pg_database WHERE datname = current_database()');
    await client.query('CREATE EXTENSION pg_trgm');
    await client.query('CREATE TABLE article (id serial PRIMARY KEY, key text, question text, keywords text, answer text)');
    for (const a of TEST_ARTICLES) {
      await client.query('INSERT INTO article (key, question, keywords, answer) VALUES ($1, $2, $3, $4)', [a.key, a.question, a.keywords.join(' '), a.answer]);
    }
    const qk = "(question || ' ' || keywords)";
    const all = "(question || ' ' || keywords || ' ' || answer)";
    const simple = `ts_rank(to_tsvector('simple', ${all}), plainto_tsquery('simple', $1))`;
    const rows = [
      row('(b) pg_trgm similarity(q, question+keywords)', await postgres(client, `similarity($1, ${qk})`)),
      row('(b) pg_trgm word_similarity(q, question+keywords)', await postgres(client, `word_similarity($1, ${qk})`)),
      row('(b) pg_trgm word_similarity(q, question+keywords+answer)', await postgres(client, `word_similarity($1, ${all})`)),
      row("(b) full-text 'simple' ts_rank", await postgres(client, simple)),
    ];
    console.log(`Postgres: ${(await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version}, ctype ${ctype.datctype}, pg_trgm installed`);
    return rows;
  } finally {
    await client.end();
    await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}"`);
    await admin.end();
  }
}

function timing(analyzer: Analyzer, name: string): string {
  // A corpus 50x the test set (2,000 articles: each article repeated with a numbered question) for the build time.
  const docs = Array.from({ length: 50 }, (_, i) => TEST_ARTICLES.map((a, j) => ({ ...a, id: i * 100 + j, question: `${a.question}（${i}）` }))).flat();
  let t = performance.now();
  const index = new KnowledgeIndex(docs, analyzer);
  const build = performance.now() - t;
  t = performance.now();
  for (let r = 0; r < 5; r++) for (const { q } of TEST_QUESTIONS) index.search(q);
  const perQuery = (performance.now() - t) / (5 * TEST_QUESTIONS.length);
  return `${name}: index of ${docs.length} articles built in ${build.toFixed(0)} ms; one query ${perQuery.toFixed(2)} ms`;
}

export default async function benchKnowledge(): Promise<void> {
  const t = performance.now();
  const jieba = Jieba.withDict(dict);
  const jiebaLoad = performance.now() - t;
  const words = wordAnalyzer(jieba);
  console.log(`${TEST_ARTICLES.length} articles, ${TEST_QUESTIONS.length} questions; BM25F k1=${DEFAULT_BM25.k1} b=${DEFAULT_BM25.b} weights ${JSON.stringify(DEFAULT_BM25.weights)}`);
  console.log('');
  console.log('| method | top-1 | top-3 | tune top-3 | holdout top-1 | holdout top-3 |');
  console.log('|---|---|---|---|---|---|');
  console.log(row('(a) jieba words + BM25F', bm25(words)));
  for (const r of await postgresRows()) console.log(r);
  console.log(row('(c) character bigrams + BM25F (product)', bm25(bigramAnalyzer)));
  console.log(row('(a)+(c) jieba words and bigrams + BM25F', bm25(unionAnalyzer(words, bigramAnalyzer))));
  console.log(row('(c) with the request\'s business type (boost)', bm25(bigramAnalyzer, true)));
  console.log('');
  console.log(`jieba dictionary loaded in ${jiebaLoad.toFixed(0)} ms`);
  console.log(timing(bigramAnalyzer, 'bigrams'));
  console.log(timing(words, 'jieba'));
}
