import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import {
  ServiceRequestBody, type DeskCall, type RequestChannel, type RequestOutcome, type RequestStatus, type ServiceRequestPatch, type ServiceRequestView,
} from '@hotline/contracts';
import { ApiError } from '../../api';
import { requestsApi } from '../../api-requests';

/** What the form registers: nothing (`idle`), a request on a call (`call`), or one without a call (`none`: callback, walk-in). */
export type FormMode = 'idle' | 'call' | 'none';

/** The fields the agent edits (strings as typed; `''` for nothing chosen). */
export interface FormFields {
  channel: RequestChannel;
  businessTypeCode: string;
  summary: string;
  question: string;
  outcome: RequestOutcome | '';
  referredTo: string;
  workOrderNo: string;
  /** Only for a request without a call: a number typed now (never one from the server, which gives masked ones only). */
  callerNumber: string;
  /** Only for a request without a call: when it was received (an ISO instant; `''` for now). */
  receivedAt: string;
  articleIds: number[];
}

/** Fields a message can be shown under (the contract's field names). */
const FIELD_KEYS = ['businessTypeCode', 'summary', 'question', 'outcome', 'referredTo', 'workOrderNo', 'callerNumber', 'receivedAt', 'channel', 'articleIds'] as const;
type FieldKey = (typeof FIELD_KEYS)[number];
/** Fields with a message of their own in `desk.form.errors`. */
const OWN_MESSAGES: readonly string[] = ['businessTypeCode', 'summary', 'outcome', 'referredTo', 'callerNumber'];

const emptyFields = (): FormFields => ({
  channel: 'call', businessTypeCode: '', summary: '', question: '', outcome: '', referredTo: '', workOrderNo: '', callerNumber: '', receivedAt: '', articleIds: [],
});

/**
 * The desk's request form: what it registers (a call, no call, an existing request), the fields, whether they
 * changed since the last save (`dirty`), the messages under the fields, and saving (a draft, or finishing it).
 *
 * Saving checks the request with the contract's `ServiceRequestBody` first (the API's own rules: a type, a summary,
 * an outcome to finish, the department of a referral, a phone number's form), then `POST /api/requests` for a new
 * request or `PATCH /api/requests/{id}` for one saved before; a refusal of the API is shown under the field it
 * names. A number typed for a request without a call is sent once and then forgotten: the form shows the masked
 * form the API answers.
 */
export function useRequestForm() {
  const { t } = useI18n();
  const state = reactive({
    mode: 'idle' as FormMode,
    /** The request's id once saved. */
    id: null as number | null,
    callId: null as string | null,
    status: 'draft' as RequestStatus,
    /** The caller as the API gives it (masked), for a saved request or the call's. */
    callerMasked: null as string | null,
    /** The complaint opened by finishing with outcome complaint. */
    complaintId: null as number | null,
    /** The request's `updatedAt` as loaded or last saved: sent as `expectedUpdatedAt` (409 `stale` when it changed since). */
    updatedAt: null as string | null,
    fields: emptyFields(),
  });
  const baseline = ref(JSON.stringify(state.fields));
  const errors = reactive<Partial<Record<FieldKey | 'form', string>>>({});
  const saving = ref(false);
  /** Counts the saves refused because the request changed elsewhere (409, 404): the page reloads its lists then. */
  const conflicts = ref(0);
  /** The received time as loaded or last saved. */
  let savedReceivedAt = '';

  /** True when the fields differ from what was loaded or last saved. */
  const dirty = computed(() => state.mode !== 'idle' && JSON.stringify(state.fields) !== baseline.value);

  function clearErrors(): void {
    for (const key of Object.keys(errors)) delete errors[key as FieldKey | 'form'];
  }

  /** Loads fields and remembers them as the saved state. */
  function load(
    mode: FormMode,
    fields: FormFields,
    extra: { id?: number | null; callId?: string | null; status?: RequestStatus; callerMasked?: string | null; complaintId?: number | null; updatedAt?: string | null } = {},
  ): void {
    clearErrors();
    Object.assign(state, {
      mode, id: extra.id ?? null, callId: extra.callId ?? null, status: extra.status ?? 'draft', callerMasked: extra.callerMasked ?? null, complaintId: extra.complaintId ?? null,
      updatedAt: extra.updatedAt ?? null,
    });
    state.fields = fields;
    baseline.value = JSON.stringify(fields);
    savedReceivedAt = fields.receivedAt;
  }

  /** Nothing to register. */
  function reset(): void {
    load('idle', emptyFields());
  }

  /** Opens a saved request (a draft to finish, or a finished one to correct). */
  function open(view: ServiceRequestView): void {
    load(view.channel === 'call' ? 'call' : 'none', {
      channel: view.channel, businessTypeCode: view.businessTypeCode, summary: view.summary, question: view.question ?? '', outcome: view.outcome ?? '',
      referredTo: view.referredTo ?? '', workOrderNo: view.workOrderNo ?? '', callerNumber: '', receivedAt: view.channel === 'call' ? '' : view.receivedAt,
      articleIds: [...view.articleIds],
    }, { id: view.id, callId: view.callId, status: view.status, callerMasked: view.caller?.masked ?? null, complaintId: view.complaintId, updatedAt: view.updatedAt });
  }

  /** A new request on the call (its request when one is registered already), prefilled with the suggested type. */
  function startCall(call: DeskCall): void {
    if (call.request) return open(call.request);
    load('call', { ...emptyFields(), businessTypeCode: call.suggestedTypeCode ?? '' }, { callId: call.callId, callerMasked: call.caller?.masked ?? null });
  }

  /** A new request without a call (a callback by default). */
  function startWithoutCall(): void {
    load('none', { ...emptyFields(), channel: 'callback' });
  }

  /** Adds or removes a knowledge article the agent answered from. */
  function toggleArticle(articleId: number): void {
    const ids = state.fields.articleIds;
    state.fields.articleIds = ids.includes(articleId) ? ids.filter((id) => id !== articleId) : [...ids, articleId];
  }

  const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

  /** The request as the API's body of a new request, with the status asked. */
  function body(status: RequestStatus): Record<string, unknown> {
    const f = state.fields;
    const call = state.mode === 'call';
    return {
      channel: call ? 'call' : f.channel,
      callId: call ? (state.callId ?? undefined) : undefined,
      businessTypeCode: f.businessTypeCode,
      summary: f.summary,
      question: text(f.question),
      outcome: f.outcome || undefined,
      referredTo: f.outcome === 'referred' ? text(f.referredTo) : undefined,
      workOrderNo: f.outcome === 'work_order' ? text(f.workOrderNo) : undefined,
      callerNumber: call ? undefined : text(f.callerNumber),
      receivedAt: call ? undefined : text(f.receivedAt),
      articleIds: f.articleIds,
      status,
    };
  }

  /** The change of a saved request: every field (cleared ones as null); the number only when one was typed. */
  function patch(status: RequestStatus): ServiceRequestPatch {
    const f = state.fields;
    const number = text(f.callerNumber);
    return {
      businessTypeCode: f.businessTypeCode,
      summary: f.summary,
      question: text(f.question) ?? null,
      outcome: f.outcome || undefined,
      referredTo: f.outcome === 'referred' ? (text(f.referredTo) ?? null) : null,
      workOrderNo: f.outcome === 'work_order' ? (text(f.workOrderNo) ?? null) : null,
      callerNumber: state.mode === 'none' && number ? number : undefined,
      // only when changed: a request's time may be set at most 7 days back, so an older one re-sent would be refused
      receivedAt: state.mode === 'none' && f.receivedAt !== savedReceivedAt ? text(f.receivedAt) : undefined,
      articleIds: f.articleIds,
      // a finished request stays finished
      status: state.status === 'done' ? undefined : status,
      // the version the agent edited: the API refuses (409 stale) when another tab or session changed it since
      expectedUpdatedAt: state.updatedAt ?? undefined,
    };
  }

  /** The message under a field: the desk's own words for the usual ones, else the field and the API's message. */
  function messageFor(field: string, message: string): string {
    if (OWN_MESSAGES.includes(field)) return t(`desk.form.errors.${field}`);
    return t('desk.form.errors.field', { field, message });
  }

  function showError(field: string | undefined, message: string): void {
    const key = FIELD_KEYS.find((k) => k === field);
    if (key) errors[key] = messageFor(key, message);
    else errors.form = message;
  }

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

  /**
   * Saves the request: a draft (`draft`) or finished (`done`, which needs an outcome). Checked against the contract
   * first; nothing is sent while a field is wrong (its message shows under it).
   * @returns the request as the API answered it, or null (nothing to save, a wrong field, a refusal: shown in the form).
   */
  async function save(status: RequestStatus): Promise<ServiceRequestView | null> {
    if (state.mode === 'idle' || saving.value) return null;
    clearErrors();
    const checked = ServiceRequestBody.safeParse(body(status));
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (!errors[field as FieldKey]) showError(field, issue.message);
      }
      return null;
    }
    saving.value = true;
    try {
      const id = state.id;
      const view = id === null ? await requestsApi.register(checked.data) : await requestsApi.update(id, patch(status));
      // keep what the agent typed meanwhile (saving takes a moment); the number typed is forgotten
      Object.assign(state, { id: view.id, status: view.status, callerMasked: view.caller?.masked ?? state.callerMasked, complaintId: view.complaintId, updatedAt: view.updatedAt });
      state.fields.callerNumber = '';
      baseline.value = JSON.stringify(state.fields);
      savedReceivedAt = state.fields.receivedAt;
      return view;
    } catch (e) {
      refusal(e);
      const id = state.id;
      if (e instanceof ApiError && (e.status === 409 || e.status === 404)) {
        conflicts.value += 1;
        if (id !== null) await reloadRequest(id);
      }
      return null;
    } finally {
      saving.value = false;
    }
  }

  /**
   * After a refusal because the request changed elsewhere (409 `already_done`, `stale`, `complaint_opened`; 404):
   * the form shows the request as it is now (what was typed here is dropped: the agent redoes her change on the
   * fresh state), with the refusal's message kept; a request she may no longer see (404) leaves the form.
   */
  async function reloadRequest(id: number): Promise<void> {
    const message = errors.form ?? Object.values(errors).find((m) => m !== undefined) ?? '';
    try {
      const fresh = await requestsApi.get(id);
      if (state.id !== id) return;
      open(fresh);
      errors.form = message;
    } catch (e) {
      if (state.id !== id) return;
      if (e instanceof ApiError && e.status === 404) reset();
    }
  }

  return { state, errors, saving, dirty, conflicts, reset, open, startCall, startWithoutCall, toggleArticle, save };
}

/** The desk's request form (what {@link useRequestForm} returns). */
export type RequestForm = ReturnType<typeof useRequestForm>;
