import { forecastDayRoutes, type BodyOf, type QueryOf } from '@hotline/contracts';
import { request as call } from '../../api';

type F = typeof forecastDayRoutes;

/**
 * The forecast's unusual and special days, typed by the contract (`forecastDayRoutes` of `@hotline/contracts`).
 * Reading needs `forecast.read`, writing `forecast.configure` (planner, supplier manager). Errors are `ApiError`
 * (see `api-auth.ts`), with the field at fault.
 */
export const forecastDaysApi = {
  /** `GET /api/forecast/days`: marks, special days, the outlier rule and the screening of the forecast's history. */
  view: (query: QueryOf<F['forecastDays']>) => call(forecastDayRoutes.forecastDays, { query }),
  /** `POST /api/forecast/days/marks`: exclude a day (unusual) or include a detected one, with a reason. */
  mark: (body: BodyOf<F['markForecastDay']>) => call(forecastDayRoutes.markForecastDay, { body }),
  /** `DELETE /api/forecast/days/marks/{day}`: the rule decides again. */
  unmark: (day: string) => call(forecastDayRoutes.unmarkForecastDay, { params: { day } }),
  /** `POST /api/forecast/special-days`: a local event or a system change, forecast like a holiday. */
  addSpecialDay: (body: BodyOf<F['addForecastSpecialDay']>) => call(forecastDayRoutes.addForecastSpecialDay, { body }),
  /** `DELETE /api/forecast/special-days/{day}`. */
  removeSpecialDay: (day: string) => call(forecastDayRoutes.removeForecastSpecialDay, { params: { day } }),
};
