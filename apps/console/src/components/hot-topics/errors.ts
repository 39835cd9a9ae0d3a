import { ApiError } from '../../api';

type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A refusal of the hot-topics API in the user's words (Chinese first): 403, the query field it names, or else. */
export function hotTopicsError(e: unknown, t: Translate): string {
  if (!(e instanceof ApiError)) return t('hotTopics.errors.network');
  if (e.status === 403) return t('hotTopics.errors.forbidden', { message: e.message });
  if (e.field) return t('hotTopics.errors.field', { field: e.field, message: e.message });
  return t('hotTopics.errors.server', { status: e.status, message: e.message });
}
