// The accounts module's public surface: staff sign-in, my account, user management (三员分立). Residents of the public
// portal are the portal module's.
import { createSignInThrottle } from '../../platform/auth/throttle.js';
import { defineModule } from '../../platform/modules.js';
import * as accountsRepository from './accounts.repository.js';
import { registerAccountRoutes } from './accounts.routes.js';
import { roleGrants } from './accounts.tables.js';
import { createAccountsService } from './accounts.service.js';

// Accounts offer nothing to other modules yet; the key is here so a module may name it among its needs.
export type AccountsApi = Record<string, never>;
declare module '../../platform/modules.js' {
  interface ModuleApis {
    accounts: AccountsApi;
  }
}

export const accountsModule = defineModule({
  name: 'accounts',
  // Users and sessions are the platform's (platform/auth): every request is authenticated before a module runs. Its
  // own table: the role grants the security officer approves (三员分立).
  tables: { roleGrants },
  needs: [],
  notificationKinds: ['user.role_grant.requested', 'user.role_grant.decided'],
  create(platform) {
    const accounts = createAccountsService({
      handle: platform.handle,
      sessions: platform.sessions,
      crypto: platform.crypto,
      sms: platform.sms,
      throttle: createSignInThrottle(platform.handle.db, {
        pairThreshold: platform.config.lockoutThreshold,
        lockMinutes: platform.config.lockoutMinutes,
        accountThreshold: platform.config.lockoutAccountThreshold,
        addressThreshold: platform.config.lockoutAddressThreshold,
      }),
      passwordMaxAgeDays: platform.config.passwordMaxAgeDays,
      secondFactor: platform.config.secondFactor,
    });
    return {
      api: {},
      routes: (api, http) =>
        registerAccountRoutes(api, http.authenticate, accounts, {
          cookieSecure: http.cookieSecure,
          sessionMaxHours: http.sessionMaxHours,
        }),
    };
  },
});
export { createAccountsService, type AccountsService } from './accounts.service.js';
export { accountsRepository };
