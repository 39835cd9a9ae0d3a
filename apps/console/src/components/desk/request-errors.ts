import { reactive } from 'vue';
import { ApiError } from '../../api';

/** Fields a message can be shown under (the contract's field names). */
const FIELD_KEYS = ['businessTypeCode', 'summary', 'question', 'outcome', 'referredTo', 'workOrderNo', 'callerNumber', 'receivedAt', 'channel', 'articleIds'] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];
/** Fields with a message of their own in `desk.form.errors`. */
const OWN_MESSAGES: readonly string[] = ['businessTypeCode', 'summary', 'outcome', 'referredTo', 'callerNumber'];

/** The API's refusals the desk words itself (`desk.form.errors.<code>`), whatever the API's English says. */
const KNOWN_CODES: Readonly<Record<string, string>> = {
  not_your_call: 'notYourCall',
  call_registered: 'registered',
  already_done: 'alreadyDone',
  stale: 'stale',
  complaint_opened: 'complaintOpened',
  not_found: 'notFound',
  no_agent_id: 'noAgentId',
  unknown_call: 'unknownCall',
  not_answered: 'notAnswered',
  unknown_article: 'unknownArticle',
  unknown_business_type: 'unknownType',
};

/** vue-i18n's `t` as the form uses it. */
type Translate = (key: string, named?: Record<string, unknown>) => string;

/**
 * The messages under the desk form's fields (`form`: the form's own line): a message per field from the contract's
 * check or the API's refusal, in the agent's words (`desk.form.errors.*`).
 */
export function useFormErrors(t: Translate) {
  const errors = reactive<Partial<Record<FieldKey | 'form', string>>>({});

  function clearErrors(): void {
    for (const key of Object.keys(errors)) delete errors[key as FieldKey | 'form'];
  }

  /** The message under a field: the desk's own words for the usual ones, else the field and the API's message. */
  function messageFor(field: string, message: string): string {
    if (OWN_MESSAGES.includes(field)) return t(`desk.form.errors.${field}`);
    return t('desk.form.errors.field', { field, message });
  }

  /** Shows a message under the field it names (a known field), else as the form's message. */
  function showError(field: string | undefined, message: string): void {
    const key = FIELD_KEYS.find((k) => k === field);
    if (key) errors[key] = messageFor(key, message);
    else errors.form = message;
  }

  /** An API refusal in the agent's words, under its field when it names one. */
  function refusal(e: unknown): void {
    if (!(e instanceof ApiError)) return showError(undefined, t('desk.form.errors.network'));
    const known = KNOWN_CODES[e.code];
    if (known && e.code === 'unknown_business_type') errors.businessTypeCode = t(`desk.form.errors.${known}`);
    else if (known) errors.form = t(`desk.form.errors.${known}`);
    if (known) return;
    if (e.status === 403) return showError(undefined, t('desk.form.errors.forbidden', { message: e.message }));
    if (e.field && FIELD_KEYS.some((k) => k === e.field)) return showError(e.field, e.message);
    showError(undefined, e.field ? t('desk.form.errors.field', { field: e.field, message: e.message }) : t('desk.form.errors.server', { status: e.status, message: e.message }));
  }

  return { errors, clearErrors, showError, refusal };
}
