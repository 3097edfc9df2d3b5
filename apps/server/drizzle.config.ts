import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/server/src/platform/db/schema.ts',
  out: './apps/server/drizzle',
  // Only used by `drizzle-kit generate`; migrations are applied at start by the runtime migrator.
});
