import { Module } from '@nestjs/common';
import { BusinessTypesController } from './business-types.controller.js';
import { BusinessTypesRepository } from './business-types.repository.js';
import { BusinessTypesService } from './business-types.service.js';

/**
 * Business types (业务类型): the tree, its mappings, and their configuration for the KPI engine. Imported by the ledger
 * (GET /api/kpi per type) and the live engine (reloads on `BusinessTypesService.changes`); imports neither back.
 */
@Module({ providers: [BusinessTypesRepository, BusinessTypesService], controllers: [BusinessTypesController], exports: [BusinessTypesRepository, BusinessTypesService] })
export class BusinessTypesModule {}
