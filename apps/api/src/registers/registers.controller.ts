import { Body, Controller, Param } from '@nestjs/common';
import { API, IdParams, OutageBody, type ResponseOf } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { RegistersService } from './registers.service.js';

/** Registers of facts that do not come from the call feed: outage windows. */
@Controller()
export class RegistersController {
  constructor(private readonly registers: RegistersService) {}

  /** Outage windows, oldest first. */
  @Endpoint(API.listOutages)
  outages(): Promise<ResponseOf<typeof API.listOutages>> {
    return this.registers.outages();
  }

  /** Registers an outage window; calls offered inside it leave the connect rate. */
  @Endpoint(API.addOutage)
  addOutage(@Body() body: unknown): Promise<ResponseOf<typeof API.addOutage>> {
    return this.registers.addOutage(OutageBody.parse(body));
  }

  /** Removes an outage window (204; 404 for an unknown id). */
  @Endpoint(API.removeOutage)
  removeOutage(@Param() params: unknown): Promise<void> {
    return this.registers.removeOutage(IdParams.parse(params).id);
  }
}
