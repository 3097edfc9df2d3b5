import { getTableColumns, sql, type Column, type SQL, type Table } from 'drizzle-orm';

/*
 * Several reads in one statement. A page that shows a record with its lists (a case with its parties, assessments,
 * events, referrals…) read them one statement each: a round trip apiece, each waiting its turn on the connection under
 * load. Each list can instead be one column of a single select, `json_agg` of the table's rows, and come back as the
 * rows Drizzle's own select would have given: `rowsFromJson` decodes every column by the table's column definitions,
 * the same mapping Drizzle applies to a driver's value.
 */

/** `coalesce(json_agg(<table's row> order by …), '[]')`: all rows of `table` matching `where`, as one JSON array. */
export function jsonRowsOf(table: Table, where: SQL, orderBy: SQL): SQL {
  return sql`coalesce((select json_agg(${table} order by ${orderBy}) from ${table} where ${where}), '[]'::json)`;
}

/** A JSON value of a column as Drizzle would have mapped the driver's value. */
function fromJson(column: Column, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.columnType) {
    case 'PgJson':
    case 'PgJsonb':
      return value; // nested JSON, already parsed (mapFromDriverValue would parse a JSON string a second time)
    case 'PgNumeric': {
      // to_json writes a numeric as a JSON number: keep the column's scale, as the driver's text would ("12.50")
      const scale = (column as unknown as { scale?: number }).scale;
      return typeof value === 'number' && scale !== undefined ? value.toFixed(scale) : String(value);
    }
    default:
      return column.mapFromDriverValue(value);
  }
}

/** Rows of `table` from their JSON (`to_json` of the row: keys are the columns' names) into Drizzle's row type. */
export function rowsFromJson<T extends Table>(table: T, json: unknown): T['$inferSelect'][] {
  return (json as Record<string, unknown>[]).map((row) => rowFromJson(table, row));
}

export function rowFromJson<T extends Table>(table: T, row: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) out[key] = fromJson(column, row[column.name]);
  return out as T['$inferSelect'];
}
