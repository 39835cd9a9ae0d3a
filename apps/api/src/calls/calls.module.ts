import { Module } from '@nestjs/common';
import { CallsController } from './calls.controller.js';
import { CallsRepository } from './calls.repository.js';
import { CallsService } from './calls.service.js';

/** Calls as people see them (callers masked) and unmasking one (audited). Uses the global PrivacyModule and AuditModule. */
@Module({ providers: [CallsRepository, CallsService], controllers: [CallsController] })
export class CallsModule {}
