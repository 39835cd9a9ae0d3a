import { Body, Controller, Param } from '@nestjs/common';
import { API, BusinessTypeBody, BusinessTypeParams, BusinessTypePatch, BusinessTypeRuleBody, IdParams, type ResponseOf } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { BusinessTypesService } from './business-types.service.js';

/** The business-type tree (业务类型) and its mappings. */
@Controller()
export class BusinessTypesController {
  constructor(private readonly types: BusinessTypesService) {}

  /** The tree, the mappings and the fallback type (any signed-in user). */
  @Endpoint(API.businessTypes)
  tree(): Promise<ResponseOf<typeof API.businessTypes>> {
    return this.types.tree();
  }

  @Endpoint(API.addBusinessType)
  add(@Body() body: unknown): Promise<ResponseOf<typeof API.addBusinessType>> {
    return this.types.add(BusinessTypeBody.parse(body));
  }

  @Endpoint(API.updateBusinessType)
  update(@Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.updateBusinessType>> {
    return this.types.update(BusinessTypeParams.parse(params).code, BusinessTypePatch.parse(body ?? {}));
  }

  @Endpoint(API.removeBusinessType)
  remove(@Param() params: unknown): Promise<void> {
    return this.types.remove(BusinessTypeParams.parse(params).code);
  }

  @Endpoint(API.addBusinessTypeRule)
  addRule(@Body() body: unknown): Promise<ResponseOf<typeof API.addBusinessTypeRule>> {
    return this.types.addRule(BusinessTypeRuleBody.parse(body));
  }

  @Endpoint(API.updateBusinessTypeRule)
  updateRule(@Param() params: unknown, @Body() body: unknown): Promise<ResponseOf<typeof API.updateBusinessTypeRule>> {
    return this.types.updateRule(IdParams.parse(params).id, BusinessTypeRuleBody.parse(body));
  }

  @Endpoint(API.removeBusinessTypeRule)
  removeRule(@Param() params: unknown): Promise<void> {
    return this.types.removeRule(IdParams.parse(params).id);
  }
}
