import { API, businessTypeRoutes, type BodyOf, type QueryOf } from '@hotline/contracts';
import { request as call } from './api';


type B = typeof businessTypeRoutes;

/** Business-type calls, typed by the contract. */
export const businessTypesApi = {
  /** `GET /api/business-types` (session): the tree in display order, the mappings, the fallback code. */
  tree: () => call(businessTypeRoutes.businessTypes),
  /** `POST /api/business-types` (`businessTypes.write`): 409 `code` taken, 400 naming the field. */
  add: (body: BodyOf<B['addBusinessType']>) => call(businessTypeRoutes.addBusinessType, { body }),
  /** `PATCH /api/business-types/{code}`. */
  update: (code: string, body: BodyOf<B['updateBusinessType']>) => call(businessTypeRoutes.updateBusinessType, { params: { code }, body }),
  /** `DELETE /api/business-types/{code}`: 409 while it has children or mappings. */
  remove: (code: string) => call(businessTypeRoutes.removeBusinessType, { params: { code } }),
  /** `POST /api/business-type-rules`: 409 when that kind and match are mapped already. */
  addRule: (body: BodyOf<B['addBusinessTypeRule']>) => call(businessTypeRoutes.addBusinessTypeRule, { body }),
  /** `PUT /api/business-type-rules/{id}`. */
  updateRule: (id: number, body: BodyOf<B['updateBusinessTypeRule']>) => call(businessTypeRoutes.updateBusinessTypeRule, { params: { id }, body }),
  /** `DELETE /api/business-type-rules/{id}`. */
  removeRule: (id: number) => call(businessTypeRoutes.removeBusinessTypeRule, { params: { id } }),
  /** `GET /api/kpi` (`kpi.read`): the period's KPIs, with `byBusinessType`. */
  kpi: (query: QueryOf<typeof API.kpi>) => call(API.kpi, { query }),
};
