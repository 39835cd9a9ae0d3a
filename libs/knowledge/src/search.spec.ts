import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { DEFAULT_BM25, KnowledgeIndex, SAME_FAMILY_BOOST, SAME_TYPE_BOOST, bigramAnalyzer, evaluateRanking, textRuns, wordAnalyzer } from './index';
import { TEST_ARTICLES, TEST_QUESTIONS } from './testset';

const docs = TEST_ARTICLES.map((a) => ({ ...a, id: a.key }));

describe('the knowledge search on the test set (40 articles, 80 citizens\' questions)', () => {
  it('the product method (character bigrams + BM25F) finds the expected article in the top 3 for >= 90% of the questions', () => {
    const index = new KnowledgeIndex(docs, bigramAnalyzer, DEFAULT_BM25);
    const e = evaluateRanking(TEST_QUESTIONS, (q) => index.search(q, { limit: 3 }).map((h) => h.id));
    // measured: top-3 74/80 (92.5%), top-1 65/80; holdout half top-3 37/40 (weights were chosen on the tune half)
    expect(e.n).toBe(80);
    expect(e.top3Rate).toBeGreaterThanOrEqual(0.9);
    expect(e.holdout.top3Rate).toBeGreaterThanOrEqual(0.9);
  });

  it('jieba word segmentation loads (@node-rs/jieba prebuilt binary) and its BM25F reaches the same bound', () => {
    const index = new KnowledgeIndex(docs, wordAnalyzer(Jieba.withDict(dict)), DEFAULT_BM25);
    expect(index.terms('驾驶证遗失补领')).toEqual(expect.arrayContaining(['驾驶证', '遗失', '补领']));
    const e = evaluateRanking(TEST_QUESTIONS, (q) => index.search(q, { limit: 3 }).map((h) => h.id));
    expect(e.top3Rate).toBeGreaterThanOrEqual(0.9);
  });

  it('every question names an article of the set, and each article has one question in each half', () => {
    const keys = new Set(TEST_ARTICLES.map((a) => a.key));
    expect(keys.size).toBe(40);
    for (const q of TEST_QUESTIONS) expect(keys.has(q.expected)).toBe(true);
    for (const key of keys) {
      expect(TEST_QUESTIONS.filter((q) => q.expected === key).map((q) => q.split).sort()).toEqual(['holdout', 'tune']);
    }
  });
});

describe('text analysis', () => {
  it('splits Chinese runs from letter/digit runs, normalising full-width characters and case', () => {
    expect(textRuns('交管１２１２３ App密码忘了！')).toEqual(['交管', '12123', 'app', '密码忘了']);
  });

  it('cuts Chinese runs into bigrams (a lone character stays), dropping stopword bigrams', () => {
    expect(bigramAnalyzer('驾照丢了怎么补')).toEqual(['驾照', '照丢', '丢了', '了怎', '么补']);
    expect(bigramAnalyzer('车 12123')).toEqual(['车', '12123']);
  });
});

describe('KnowledgeIndex', () => {
  const small = [
    { id: 1, question: '驾驶证遗失如何补领', keywords: ['驾照', '补办'], answer: '到车管所补领。', businessTypeCode: 'driving-licence' },
    { id: 2, question: '机动车号牌遗失如何补领', keywords: ['车牌'], answer: '到车管所补领号牌。', businessTypeCode: 'motor-vehicle' },
    { id: 3, question: '行驶证遗失如何补领', keywords: ['行车本'], answer: '到车管所补领行驶证。', businessTypeCode: 'motor-vehicle-docs' },
  ];
  const index = new KnowledgeIndex(small, bigramAnalyzer);

  it('ranks by BM25F and names the matched terms', () => {
    const hits = index.search('驾照丢了');
    expect(hits[0]).toMatchObject({ id: 1, matchedTerms: ['驾照'] });
    expect(hits).toHaveLength(1);
    expect(index.search('什么')).toEqual([]);
  });

  it('boosts the request\'s type and its top-level family, without filtering', () => {
    const plain = index.search('遗失补领', { limit: 10 });
    expect(plain.map((h) => h.id).sort()).toEqual([1, 2, 3]);
    const familyOf = (code: string) => (code === 'motor-vehicle-docs' ? 'motor-vehicle' : code);
    const boosted = index.search('遗失补领', { limit: 10, businessTypeCode: 'motor-vehicle-docs', familyOf });
    expect(boosted[0].id).toBe(3);
    const score = (hits: typeof plain, id: number) => hits.find((h) => h.id === id)?.score ?? NaN;
    expect(score(boosted, 3)).toBeCloseTo(score(plain, 3) * SAME_TYPE_BOOST);
    expect(score(boosted, 2)).toBeCloseTo(score(plain, 2) * SAME_FAMILY_BOOST);
    expect(score(boosted, 1)).toBeCloseTo(score(plain, 1));
  });
});
