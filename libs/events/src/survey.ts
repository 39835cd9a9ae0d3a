/**
 * Hang-up satisfaction survey ratings (挂机满意度) as sources write them. The tender's three levels: 非常满意 (very
 * satisfied), 基本满意 (basically satisfied), 不满意 (dissatisfied); the platform's keypad answers 1, 2, 3 in that order.
 */
import type { CallEventOf } from './events';

/** A survey rating as the canonical `survey.answered` event carries it. */
type Rating = CallEventOf<'survey.answered'>['rating'];

const RATINGS = new Map<string, Rating>([
  ['1', 'very-satisfied'], ['非常满意', 'very-satisfied'], ['very-satisfied', 'very-satisfied'], ['very satisfied', 'very-satisfied'],
  ['2', 'basically-satisfied'], ['基本满意', 'basically-satisfied'], ['basically-satisfied', 'basically-satisfied'], ['basically satisfied', 'basically-satisfied'],
  ['3', 'dissatisfied'], ['不满意', 'dissatisfied'], ['dissatisfied', 'dissatisfied'],
]);

/**
 * Reads a rating: `1` / `2` / `3`, the Chinese words, or the canonical English names (any case, surrounding blanks
 * ignored). @returns the rating, or undefined for anything else.
 */
export function parseSurveyRating(text: string): Rating | undefined {
  return RATINGS.get(text.normalize('NFKC').trim().toLowerCase().replace(/_/g, '-'));
}
