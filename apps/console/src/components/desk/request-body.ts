import type { RequestStatus, ServiceRequestPatch } from '@hotline/contracts';
import type { FormFields, FormMode } from './useRequestForm';

/** What the desk's request form holds that its bodies are made of (see `useRequestForm`). */
export interface FormState {
  mode: FormMode;
  callId: string | null;
  /** The request's status as saved (a finished request stays finished). */
  status: RequestStatus;
  /** The request's `updatedAt` as loaded or last saved: sent as `expectedUpdatedAt`. */
  updatedAt: string | null;
  fields: FormFields;
}

const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

/** The request as the API's body of a new request (`POST /api/requests`), with the status asked. */
export function requestBody(state: FormState, status: RequestStatus): Record<string, unknown> {
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

/**
 * The change of a saved request (`PATCH /api/requests/{id}`): every field (cleared ones as null); the number only
 * when one was typed; the received time only when it differs from `savedReceivedAt` (as loaded or last saved).
 */
export function requestPatch(state: FormState, status: RequestStatus, savedReceivedAt: string): ServiceRequestPatch {
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

