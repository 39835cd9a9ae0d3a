import { intakeRoutes, type BodyOf } from '@hotline/contracts';
import { request as call } from './api';


/** Intake calls, typed by the contract. */
export const intakeApi = {
  /** `GET /api/intake/status` (`intake.read`). */
  status: () => call(intakeRoutes.intakeStatus),
  /** `GET /api/intake/sources` (`intake.manage`). */
  sources: () => call(intakeRoutes.listIntakeSources),
  /** `POST /api/intake/sources`: 409 `name_taken`. */
  createSource: (body: BodyOf<typeof intakeRoutes.createIntakeSource>) => call(intakeRoutes.createIntakeSource, { body }),
  /** `PATCH /api/intake/sources/{id}`. */
  updateSource: (id: number, body: BodyOf<typeof intakeRoutes.updateIntakeSource>) => call(intakeRoutes.updateIntakeSource, { params: { id }, body }),
  /** `DELETE /api/intake/sources/{id}` (204). */
  deleteSource: (id: number): Promise<void> => call(intakeRoutes.deleteIntakeSource, { params: { id } }).then(() => undefined),
  /** `POST /api/intake/sources/{id}/keys`: the answer holds the secret, once. 409 `too_many_keys`. */
  createKey: (id: number, body: BodyOf<typeof intakeRoutes.createIntakeKey>) => call(intakeRoutes.createIntakeKey, { params: { id }, body }),
  /** `DELETE /api/intake/sources/{id}/keys/{keyId}`. */
  revokeKey: (id: number, keyId: string) => call(intakeRoutes.revokeIntakeKey, { params: { id, keyId } }),
};
