import { Controller, Query } from '@nestjs/common';
import { API, AuditQuery, type AuditPage } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { AuditService } from './audit.service.js';

/** The audit log, for the auditor and the bureau. */
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The trail; a viewer without `calls.read` (bureau, auditor) gets the caller fields of details as `[hidden]`. */
  @Endpoint(API.audit)
  list(@Query() query: unknown, @CurrentUser() user: AuthUser): Promise<AuditPage> {
    return this.audit.list(AuditQuery.parse(query), { callers: user.permissions.has('calls.read') });
  }
}
