import { Body, Controller, Param, Query } from '@nestjs/common';
import { API, IdParams, IncidentBody, RegisterMonthQuery, type ResponseOf } from '@hotline/contracts';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { IncidentsService } from './incidents.service.js';

/** The confidentiality register: list, record, remove. */
@Controller()
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  /** Confidentiality incidents of the month. */
  @Endpoint(API.listIncidents)
  list(@Query() query: unknown): Promise<ResponseOf<typeof API.listIncidents>> {
    return this.incidents.list(RegisterMonthQuery.parse(query).month);
  }

  /** Records a breach of the confidentiality rules. */
  @Endpoint(API.addIncident)
  add(@Body() body: unknown, @CurrentUser() user: AuthUser): Promise<ResponseOf<typeof API.addIncident>> {
    return this.incidents.add(IncidentBody.parse(body), user.id);
  }

  /** Removes an incident recorded by mistake (open months only; 204). */
  @Endpoint(API.removeIncident)
  remove(@Param() params: unknown): Promise<void> {
    return this.incidents.remove(IdParams.parse(params).id);
  }
}
