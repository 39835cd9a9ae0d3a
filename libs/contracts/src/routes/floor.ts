import { defineEndpoint } from '../endpoint';
import { AckBody, AlertParams, FloorAlert, FloorAttention, FloorSettings, FloorSettingsView } from '../attention';

/** The live floor's "needs attention now": thresholds, the alert list, acknowledgements. */
export const floorRoutes = {
  floorSettings: defineEndpoint({ id: 'floorSettings', method: 'GET', path: '/api/floor/settings', access: 'live.read', tag: 'live', response: FloorSettingsView, summary: "The floor's alert thresholds in force." }),
  floorSettingsPut: defineEndpoint({
    id: 'floorSettingsPut', method: 'PUT', path: '/api/floor/settings', access: 'floor.configure', tag: 'live', body: FloorSettings, response: FloorSettingsView,
    summary: "Replaces the floor's alert thresholds (every field, bounded); the alerts are evaluated again at once.",
  }),
  floorAttention: defineEndpoint({
    id: 'floorAttention', method: 'GET', path: '/api/floor/attention', access: 'live.read', tag: 'live', response: FloorAttention,
    summary: 'What needs attention now, ranked, with acknowledgements and the published roster of today (also pushed over Socket.IO as floor:attention).',
  }),
  floorAlertAck: defineEndpoint({
    id: 'floorAlertAck', method: 'POST', path: '/api/floor/alerts/{id}/ack', access: 'alerts.ack', tag: 'live', params: AlertParams, body: AckBody, response: FloorAlert,
    summary: 'Acknowledges an alert listed now (404 when it is not, or no longer): it stays listed, marked with who and when, until its condition ends.',
  }),
} as const;
