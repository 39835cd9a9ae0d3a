import { floorRoutes, type BodyOf } from '@hotline/contracts';
import { request as call } from '../../api';

type F = typeof floorRoutes;

/**
 * The live floor's "needs attention now" calls, typed by the contract (`floorRoutes` of `@hotline/contracts`).
 * Errors are `ApiError` (see `api-auth.ts`).
 */
export const floorApi = {
  /** `GET /api/floor/settings` (`live.read`): the thresholds in force. */
  settings: () => call(floorRoutes.floorSettings),
  /** `PUT /api/floor/settings` (`floor.configure`): replaces them (400 naming a field out of bounds). */
  saveSettings: (body: BodyOf<F['floorSettingsPut']>) => call(floorRoutes.floorSettingsPut, { body }),
  /** `POST /api/floor/alerts/{id}/ack` (`alerts.ack`): 404 when the alert is no longer listed. */
  ack: (id: string) => call(floorRoutes.floorAlertAck, { params: { id }, body: {} }),
};
