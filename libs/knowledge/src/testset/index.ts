export * from './types';
export { TEST_ARTICLES } from './articles';
export { TEST_QUESTIONS } from './questions';
