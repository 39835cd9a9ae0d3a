import { callImportRoutes, type BodyOf, type QueryOf } from '@hotline/contracts';
import { request as call } from './api';

/**
 * The console's calls about call-record imports (话单导入, issue 12): presets, the dry run and the import of a file
 * (its bytes as the body, CSV or xlsx), the jobs. Typed by the contract (`callImportRoutes`). Same conventions as
 * `api-dead-letters.ts`: the session cookie, `X-CSRF-Token` on writes, a 401 ends the session, any other refusal is
 * an {@link ApiError} with the server's `code`, message and `field`.
 */

type C = typeof callImportRoutes;


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
