import { Body, Controller, Param, Query } from '@nestjs/common';
import { API, ForecastDayMarkBody, ForecastDayParams, ForecastDaysQuery, ForecastSpecialDayBody, type ResponseOf } from '@hotline/contracts';
import { Endpoint } from '../auth/endpoint.decorator.js';
import { CurrentUser, type AuthUser } from '../auth/current-user.js';
import { ForecastDaysService } from './forecast-days.service.js';

/** The forecast's marked (unusual) days and the users' special days: the contract's `forecastDayRoutes`. */
@Controller()
export class ForecastDaysController {
  constructor(private readonly days: ForecastDaysService) {}

  /** The marks, the special days, the outlier rule and the days the forecast from `from` leaves out. */
  @Endpoint(API.forecastDays)
  view(@Query() query: unknown): Promise<ResponseOf<typeof API.forecastDays>> {
    return this.days.view(ForecastDaysQuery.parse(query));
  }

  /** Marks a day (exclude / include) with a reason. */
  @Endpoint(API.markForecastDay)
  mark(@CurrentUser() user: AuthUser, @Body() body: unknown): Promise<ResponseOf<typeof API.markForecastDay>> {
    return this.days.mark(ForecastDayMarkBody.parse(body), user.id);
  }

  /** Removes a day's mark. */
  @Endpoint(API.unmarkForecastDay)
  unmark(@Param() params: unknown): Promise<void> {
    return this.days.unmark(ForecastDayParams.parse(params).day);
  }

  /** Adds a special day. */
  @Endpoint(API.addForecastSpecialDay)
  addSpecialDay(@CurrentUser() user: AuthUser, @Body() body: unknown): Promise<ResponseOf<typeof API.addForecastSpecialDay>> {
    return this.days.addSpecialDay(ForecastSpecialDayBody.parse(body), user.id);
  }

  /** Removes a special day. */
  @Endpoint(API.removeForecastSpecialDay)
  removeSpecialDay(@Param() params: unknown): Promise<void> {
    return this.days.removeSpecialDay(ForecastDayParams.parse(params).day);
  }
}
