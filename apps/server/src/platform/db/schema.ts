// Every table of the platform, gathered for drizzle-kit and the typed client. Modules own their table files.
export * from '../audit/audit.tables.js';
export * from '../../modules/organizations/organizations.tables.js';
export * from '../auth/auth.tables.js';
export { systemSettings } from './settings.tables.js';
export * from '../../modules/people/people.tables.js';
export * from '../../modules/people/people.import.tables.js';
export * from '../../modules/cases/cases.tables.js';
export * from '../calendar/calendar.tables.js';
export * from '../notifications/notifications.tables.js';
export * from '../stats/stats.tables.js';
export * from '../files/files.tables.js';
export * from '../../modules/demands/demands.tables.js';
export * from '../../modules/visits/visits.tables.js';
export * from '../../modules/portal/portal.tables.js';
