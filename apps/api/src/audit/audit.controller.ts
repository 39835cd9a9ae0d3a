import { Controller, Query } from '@nestjs/common';
import { API, AuditQuery, type AuditPage } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { AuditService } from './audit.service.js';

/** The audit log, for the auditor and the bureau. */
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Endpoint(API.audit)
  list(@Query() query: unknown): Promise<AuditPage> {
    return this.audit.list(AuditQuery.parse(query));
  }
}
