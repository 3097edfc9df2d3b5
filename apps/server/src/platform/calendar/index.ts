// The working-day calendar: China's public holidays and make-up workdays, as data.
export {
  chinaDate,
  createWorkCalendar,
  endOfChinaDay,
  type DeadlineOptions,
  type DeadlineSpec,
  type Due,
  type OfficeHours,
  type WorkCalendar,
  type YearSchedule,
} from './work-calendar.js';
export { checkSchedule, openCalendar, readScheduleFiles, type CalendarStore } from './calendar.store.js';
export { registerCalendarRoutes } from './calendar.routes.js';
