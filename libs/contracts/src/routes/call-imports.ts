import { z } from 'zod';
import {
  CallImportListQuery, CallImportPreset, CallImportPresetBody, CallImportPreview, CallImportQuery, CallImportSummary, CallImportView,
} from '../call-import';
import { IdParams } from '../common';
import { defineEndpoint } from '../endpoint';
import { IMPORT_CONTENT_TYPES } from '../registers';

/** Import of call records (话单 / CDR, CSV or xlsx) with a column mapping: presets, preview, import jobs. */
export const callImportRoutes = {
  callImportPresets: defineEndpoint({
    id: 'callImportPresets', method: 'GET', path: '/api/call-imports/presets', access: 'calls.import', tag: 'call-imports', response: z.array(CallImportPreset),
    summary: 'The saved column mappings, by name.',
  }),
  createCallImportPreset: defineEndpoint({
    id: 'createCallImportPreset', method: 'POST', path: '/api/call-imports/presets', access: 'calls.import', tag: 'call-imports', body: CallImportPresetBody, response: CallImportPreset, status: 201,
    summary: 'Saves a column mapping under a name (409 `duplicate_name` when the name is taken).',
  }),
  updateCallImportPreset: defineEndpoint({
    id: 'updateCallImportPreset', method: 'PUT', path: '/api/call-imports/presets/{id}', access: 'calls.import', tag: 'call-imports', params: IdParams, body: CallImportPresetBody, response: CallImportPreset,
    summary: 'Replaces a saved mapping (name and mapping).',
  }),
  deleteCallImportPreset: defineEndpoint({
    id: 'deleteCallImportPreset', method: 'DELETE', path: '/api/call-imports/presets/{id}', access: 'calls.import', tag: 'call-imports', params: IdParams, status: 204,
    summary: 'Removes a saved mapping.',
  }),
  previewCallImport: defineEndpoint({
    id: 'previewCallImport', method: 'POST', path: '/api/call-imports/preview', access: 'calls.import', tag: 'call-imports', query: CallImportQuery, response: CallImportPreview,
    bodyContentType: IMPORT_CONTENT_TYPES,
    summary: 'Dry run: the first 20 rows as read (callers masked), the total, and with a mapping or preset every bad row with its number and reason. Nothing is stored.',
  }),
  startCallImport: defineEndpoint({
    id: 'startCallImport', method: 'POST', path: '/api/call-imports', access: 'calls.import', tag: 'call-imports', query: CallImportQuery, response: CallImportView, status: 202,
    bodyContentType: IMPORT_CONTENT_TYPES,
    summary: 'Imports the file as a job: its calls go to the backfill stream, its bad rows to the dead-letter store. A file with bad rows: 409 `bad_rows` unless `confirm=true`.',
  }),
  listCallImports: defineEndpoint({
    id: 'listCallImports', method: 'GET', path: '/api/call-imports', access: 'calls.import', tag: 'call-imports', query: CallImportListQuery, response: z.array(CallImportSummary),
    summary: 'The latest imports, newest first, with state and progress.',
  }),
  callImport: defineEndpoint({
    id: 'callImport', method: 'GET', path: '/api/call-imports/{id}', access: 'calls.import', tag: 'call-imports', params: IdParams, response: CallImportView,
    summary: "An import's state, progress (rows done of total), counts and bad rows.",
  }),
} as const;
