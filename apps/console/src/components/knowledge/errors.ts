import { ApiError } from '../../api';
import { refusalText, type Translate } from '../../format';

/** Fields the knowledge and case forms name (labels under `knowledge.field.*`). */
const FIELDS = new Set(['question', 'answer', 'businessTypeCode', 'keywords', 'sourceDocument', 'validFrom', 'validTo', 'note', 'reason', 'decision', 'requestId', 'title', 'recordingRef', 'lesson']);

/** The label of a field the API names (`keywords.2` is labelled as `keywords`), or the field itself. */
export function fieldLabel(field: string, t: Translate): string {
  const base = field.split('.')[0];
  return FIELDS.has(base) ? t(`knowledge.field.${base}`) : field;
}

/**
 * A refusal of the knowledge API in the user's words (Chinese first): the field it names, 403, 404, 409 with the
 * server's message, or a network failure.
 */
export function knowledgeError(e: unknown, t: Translate): string {
  if (e instanceof ApiError) {
    if (e.status === 403 && e.code === 'own_version') return t('knowledge.review.ownVersion');
    if (e.status === 409 && e.code === 'already_a_case') return t('knowledge.promote.alreadyCase');
    if (e.status === 409 && e.code === 'request_not_done') return t('knowledge.promote.notDone');
    if (e.status === 404 && !e.field) return t('knowledge.errors.notFound', { message: e.message });
    if (e.status === 409 && !e.field) return t('knowledge.errors.conflict', { message: e.message });
  }
  return refusalText(e, t, 'knowledge', (field) => fieldLabel(field, t));
}
