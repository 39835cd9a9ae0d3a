import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { OutageBody, RegistersService } from './registers.service.js';

@Controller('api/registers')
export class RegistersController {
  constructor(private readonly registers: RegistersService) {}

  @Get('outages')
  outages() {
    return this.registers.outages();
  }

  /** Registers an outage window; calls offered inside it leave the connect rate. */
  @Post('outages')
  addOutage(@Body() body: unknown) {
    return this.registers.addOutage(OutageBody.parse(body));
  }

  @Delete('outages/:id')
  @HttpCode(204)
  removeOutage(@Param() params: unknown) {
    return this.registers.removeOutage(z.object({ id: z.coerce.number().int().positive() }).parse(params).id);
  }
}
