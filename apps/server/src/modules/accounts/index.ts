// The accounts module's public surface: sign-in, my account, user management.
export { createAccountsService, type AccountsService } from './accounts.service.js';
export { registerAccountRoutes } from './accounts.routes.js';
export * as accountsRepository from './accounts.repository.js';
