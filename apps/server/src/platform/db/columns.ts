import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL ltree: the materialised path of an organization ("1.23.456"). See docs/decisions/0001. */
export const ltree = customType<{ data: string; driverData: string }>({
  dataType: () => 'ltree',
});
