import { IdParams } from '../common';
import { defineEndpoint } from '../endpoint';
import { BusinessTypeBody, BusinessTypeParams, BusinessTypePatch, BusinessTypeRuleBody, BusinessTypeRuleView, BusinessTypeTree, BusinessTypeView } from '../business-types';

/** The business-type tree (业务类型) and its mappings: read by any signed-in user, changed by the supplier manager. */
export const businessTypeRoutes = {
  businessTypes: defineEndpoint({
    id: 'businessTypes', method: 'GET', path: '/api/business-types', access: 'session', tag: 'business-types', response: BusinessTypeTree,
    summary: 'The business-type tree in display order, its queue / IVR-choice / category mappings, and the fallback type.',
  }),
  addBusinessType: defineEndpoint({
    id: 'addBusinessType', method: 'POST', path: '/api/business-types', access: 'businessTypes.write', tag: 'business-types', body: BusinessTypeBody, response: BusinessTypeView, status: 201,
    summary: 'Adds a type (top-level, or second-level under a top-level parentCode); 409 when the code exists.',
  }),
  updateBusinessType: defineEndpoint({
    id: 'updateBusinessType', method: 'PATCH', path: '/api/business-types/{code}', access: 'businessTypes.write', tag: 'business-types', params: BusinessTypeParams, body: BusinessTypePatch,
    response: BusinessTypeView, summary: 'Renames, re-orders, moves (two levels at most) or (de)activates a type; the fallback type stays active and top-level.',
  }),
  removeBusinessType: defineEndpoint({
    id: 'removeBusinessType', method: 'DELETE', path: '/api/business-types/{code}', access: 'businessTypes.write', tag: 'business-types', params: BusinessTypeParams, status: 204,
    summary: 'Removes a type without children or mappings (409 otherwise; deactivate it instead); never the fallback type.',
  }),
  addBusinessTypeRule: defineEndpoint({
    id: 'addBusinessTypeRule', method: 'POST', path: '/api/business-type-rules', access: 'businessTypes.write', tag: 'business-types', body: BusinessTypeRuleBody, response: BusinessTypeRuleView,
    status: 201, summary: 'Adds a mapping (queue name, IVR menu choice or category text -> type); 409 when that kind and match are mapped already.',
  }),
  updateBusinessTypeRule: defineEndpoint({
    id: 'updateBusinessTypeRule', method: 'PUT', path: '/api/business-type-rules/{id}', access: 'businessTypes.write', tag: 'business-types', params: IdParams, body: BusinessTypeRuleBody,
    response: BusinessTypeRuleView, summary: 'Replaces a mapping.',
  }),
  removeBusinessTypeRule: defineEndpoint({
    id: 'removeBusinessTypeRule', method: 'DELETE', path: '/api/business-type-rules/{id}', access: 'businessTypes.write', tag: 'business-types', params: IdParams, status: 204,
    summary: 'Removes a mapping.',
  }),
};
