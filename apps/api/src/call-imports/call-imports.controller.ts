import { Body, Controller, Param, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { API, CallImportListQuery, CallImportPresetBody, CallImportQuery, IdParams, type ResponseOf } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { CallImportsService } from './call-imports.service.js';

const fileOf = (req: Request): Buffer | undefined => (Buffer.isBuffer(req.body) ? req.body : undefined);

/** Call-record (话单/CDR) imports: presets, dry run, import jobs. Presets are declared first (before `{id}`). */
@Controller()
export class CallImportsController {
  constructor(private readonly imports: CallImportsService) {}

  /** The saved mappings. */
  @Endpoint(API.callImportPresets)
  presets(): Promise<ResponseOf<typeof API.callImportPresets>> {
    return this.imports.presets();
  }

  /** Saves a mapping under a name. */
  @Endpoint(API.createCallImportPreset)
  createPreset(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.createCallImportPreset>> {
    return this.imports.createPreset(CallImportPresetBody.parse(body), user.id);
  }

  /** Replaces a saved mapping. */
  @Endpoint(API.updateCallImportPreset)
  updatePreset(@Param() params: unknown, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.updateCallImportPreset>> {
    return this.imports.updatePreset(IdParams.parse(params).id, CallImportPresetBody.parse(body), user.id);
  }

  /** Removes a saved mapping. */
  @Endpoint(API.deleteCallImportPreset)
  deletePreset(@Param() params: unknown): Promise<void> {
    return this.imports.deletePreset(IdParams.parse(params).id);
  }

  /** The dry run of a file (its bytes are the body). */
  @Endpoint(API.previewCallImport)
  preview(@Req() req: Request, @Query() query: unknown): Promise<ResponseOf<typeof API.previewCallImport>> {
    return this.imports.preview(fileOf(req), req.get('content-type'), CallImportQuery.parse(query));
  }

  /** Starts the import of a file (its bytes are the body). */
  @Endpoint(API.startCallImport)
  start(@Req() req: Request, @Query() query: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.startCallImport>> {
    return this.imports.start(fileOf(req), req.get('content-type'), CallImportQuery.parse(query), user.id);
  }

  /** The latest imports. */
  @Endpoint(API.listCallImports)
  list(@Query() query: unknown): Promise<ResponseOf<typeof API.listCallImports>> {
    return this.imports.list(CallImportListQuery.parse(query).limit);
  }

  /** One import's state, progress and bad rows. */
  @Endpoint(API.callImport)
  one(@Param() params: unknown): Promise<ResponseOf<typeof API.callImport>> {
    return this.imports.view(IdParams.parse(params).id);
  }
}
