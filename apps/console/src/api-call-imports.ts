import { callImportRoutes, type BodyOf, type EndpointDef, type QueryOf, type ResponseOf } from '@hotline/contracts';
import { ApiError } from './api';
import { fillPath, queryString } from './api-auth';
import { useSessionStore } from './stores/session';

/**
 * The console's calls about call-record imports (话单导入, issue 12): presets, the dry run and the import of a file
 * (its bytes as the body, CSV or xlsx), the jobs. Typed by the contract (`callImportRoutes`). Same conventions as
 * `api-dead-letters.ts`: the session cookie, `X-CSRF-Token` on writes, a 401 ends the session, any other refusal is
 * an {@link ApiError} with the server's `code`, message and `field`.
 */

type C = typeof callImportRoutes;

/**
 * Calls one endpoint: JSON body, or a file's bytes with its content type.
 * @returns the parsed answer (undefined for 204). @throws ApiError for a 4xx/5xx answer, TypeError when unreachable.
 */
async function call<E extends EndpointDef>(
  endpoint: E,
  options: { params?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown; file?: { bytes: Blob; type: string } } = {},
): Promise<ResponseOf<E>> {
  const session = useSessionStore();
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = session.info?.csrfToken;
  if (endpoint.method !== 'GET' && token) headers['x-csrf-token'] = token;
  let body: BodyInit | undefined;
  if (options.file) {
    headers['content-type'] = options.file.type;
    body = options.file.bytes;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(fillPath(endpoint.path, options.params) + queryString(options.query), { method: endpoint.method, headers, credentials: 'same-origin', body });
  const data: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = (typeof data === 'object' && data !== null ? data : {}) as { code?: unknown; message?: unknown; field?: unknown };
    if (res.status === 401) session.end('expired');
    throw new ApiError(
      res.status,
      typeof error.code === 'string' ? error.code : 'http',
      typeof error.message === 'string' ? error.message : res.statusText,
      typeof error.field === 'string' ? error.field : undefined,
    );
  }
  return data as ResponseOf<E>;
}

/** A file to upload: its bytes and content type (CSV or xlsx). */
export interface ImportFile {
  bytes: Blob;
  type: string;
}

/** Call-import calls, typed by the contract (all need `calls.import`). */
export const callImportsApi = {
  /** `GET /api/call-imports/presets`. */
  presets: () => call(callImportRoutes.callImportPresets),
  /** `POST /api/call-imports/presets`: 409 `duplicate_name`. */
  createPreset: (body: BodyOf<C['createCallImportPreset']>) => call(callImportRoutes.createCallImportPreset, { body }),
  /** `PUT /api/call-imports/presets/{id}`. */
  updatePreset: (id: number, body: BodyOf<C['updateCallImportPreset']>) => call(callImportRoutes.updateCallImportPreset, { params: { id }, body }),
  /** `DELETE /api/call-imports/presets/{id}` (204). */
  deletePreset: (id: number): Promise<void> => call(callImportRoutes.deleteCallImportPreset, { params: { id } }).then(() => undefined),
  /** `POST /api/call-imports/preview`: first rows as read (callers masked), total, and with a mapping every bad row. */
  preview: (file: ImportFile, query: QueryOf<C['previewCallImport']>) => call(callImportRoutes.previewCallImport, { query, file }),
  /** `POST /api/call-imports` (202): 409 `bad_rows` unless `confirm`. */
  start: (file: ImportFile, query: QueryOf<C['startCallImport']>) => call(callImportRoutes.startCallImport, { query, file }),
  /** `GET /api/call-imports`: newest first. */
  list: (query: QueryOf<C['listCallImports']>) => call(callImportRoutes.listCallImports, { query }),
  /** `GET /api/call-imports/{id}`. */
  one: (id: number) => call(callImportRoutes.callImport, { params: { id } }),
};
