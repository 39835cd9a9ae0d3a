import { defineEndpoint } from '../endpoint';
import { ForecastDayMark, ForecastDayMarkBody, ForecastDayParams, ForecastDaysQuery, ForecastDaysView, ForecastSpecialDay, ForecastSpecialDayBody } from '../forecast-days';

/**
 * The forecast's unusual days (marked / detected) and the special days users add: read by whoever reads forecasts,
 * written by the planner and the supplier manager (`forecast.configure`), every write audited.
 */
export const forecastDayRoutes = {
  forecastDays: defineEndpoint({
    id: 'forecastDays', method: 'GET', path: '/api/forecast/days', access: 'forecast.read', tag: 'planning', query: ForecastDaysQuery, response: ForecastDaysView,
    summary: "The marked days, the special days, the outlier rule, and the days the forecast from `from` leaves out of its history (marked or detected) or keeps against the rule.",
  }),
  markForecastDay: defineEndpoint({
    id: 'markForecastDay', method: 'POST', path: '/api/forecast/days/marks', access: 'forecast.configure', tag: 'planning', body: ForecastDayMarkBody, response: ForecastDayMark,
    summary: 'Marks a day: exclude it from the forecast (unusual) or include it although the outlier rule flags it, with a reason; replaces its earlier mark.',
  }),
  unmarkForecastDay: defineEndpoint({
    id: 'unmarkForecastDay', method: 'DELETE', path: '/api/forecast/days/marks/{day}', access: 'forecast.configure', tag: 'planning', params: ForecastDayParams, status: 204,
    summary: "Removes a day's mark (the outlier rule decides again).",
  }),
  addForecastSpecialDay: defineEndpoint({
    id: 'addForecastSpecialDay', method: 'POST', path: '/api/forecast/special-days', access: 'forecast.configure', tag: 'planning', body: ForecastSpecialDayBody, response: ForecastSpecialDay,
    summary: 'Adds a special day (a local event, a system change), forecast like a holiday; replaces its earlier name.',
  }),
  removeForecastSpecialDay: defineEndpoint({
    id: 'removeForecastSpecialDay', method: 'DELETE', path: '/api/forecast/special-days/{day}', access: 'forecast.configure', tag: 'planning', params: ForecastDayParams, status: 204,
    summary: 'Removes a special day.',
  }),
};
