import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ServiceRequestBody, type DeskCall, type RequestChannel, type RequestOutcome, type RequestStatus, type ServiceRequestView } from '@hotline/contracts';
import { ApiError } from '../../api';
import { requestsApi } from '../../api-requests';
import { requestBody, requestPatch } from './request-body';
import { type FieldKey, useFormErrors } from './request-errors';

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
  const { errors, clearErrors, showError, refusal } = useFormErrors(t);
  const saving = ref(false);
  /** Counts the saves refused because the request changed elsewhere (409, 404): the page reloads its lists then. */
  const conflicts = ref(0);
  /** The received time as loaded or last saved. */
  let savedReceivedAt = '';

  /** True when the fields differ from what was loaded or last saved. */
  const dirty = computed(() => state.mode !== 'idle' && JSON.stringify(state.fields) !== baseline.value);

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

  /**
   * Saves the request: a draft (`draft`) or finished (`done`, which needs an outcome). Checked against the contract
   * first; nothing is sent while a field is wrong (its message shows under it).
   * @returns the request as the API answered it, or null (nothing to save, a wrong field, a refusal: shown in the form).
   */
  async function save(status: RequestStatus): Promise<ServiceRequestView | null> {
    if (state.mode === 'idle' || saving.value) return null;
    clearErrors();
    const checked = ServiceRequestBody.safeParse(requestBody(state, status));
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
      const view = id === null ? await requestsApi.register(checked.data) : await requestsApi.update(id, requestPatch(state, status, savedReceivedAt));
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
