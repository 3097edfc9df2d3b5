import { sql } from 'drizzle-orm';

/** The organizations' counter source: each org's life (0033), each space and the villages they cover (0051). */
export const stockCountersRebuild = sql`select org_path, day, metric, value from jinguo_org_stock_source()
  union all select org_path, day, metric, value from jinguo_org_space_source()`;
