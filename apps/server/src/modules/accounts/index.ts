// The accounts module's public surface: sign-in, my account, user management; residents of the public portal.
export { createAccountsService, type AccountsService } from './accounts.service.js';
export { registerAccountRoutes } from './accounts.routes.js';
export * as accountsRepository from './accounts.repository.js';
export { createResidentsService, RESIDENT_COOKIE, type ResidentsService } from './residents.service.js';
export { createResidentAuthenticator, registerResidentRoutes } from './residents.routes.js';
