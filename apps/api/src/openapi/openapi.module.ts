import { Module } from '@nestjs/common';
import { OpenApiController } from './openapi.controller.js';

/** `GET /api/openapi.json`: the API described from its contract. */
@Module({ controllers: [OpenApiController] })
export class OpenApiModule {}
