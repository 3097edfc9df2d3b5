import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // Each module and the platform own their tables in `*.tables.ts` files; no file gathers them.
  schema: './apps/server/src/**/*.tables.ts',
  out: './apps/server/drizzle',
  // Only used by `drizzle-kit generate`; migrations are applied at start by the runtime migrator.
});
