import type { FieldProblem, FormDefinition, FormValues } from '@jinguo/contracts';
import { evaluate, parseFormula, references, type Scope } from './tasks.formula.policy.js';
import { problem, type AnyField } from './tasks.forms.policy.js';

/*
 * A submission against its form: checked field by field (types, ranges, options, dates, table rows), the formula
 * fields computed, the cross-field rules applied; and the figures the task's totals add up. Pure.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (v: string) => DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
const decimalsOf = (x: number) => (Number.isInteger(x) ? 0 : (String(x).split('.')[1]?.length ?? 0));
const empty = (v: unknown) => v === undefined || v === null || v === '';

/** One value checked against its field; returns the clean value (null when empty). */
function checkValue(f: AnyField, v: unknown, at: string, complete: boolean, out: FieldProblem[]): unknown {
  if (f.formula !== undefined) return null; // computed below
  if (empty(v)) {
    if (complete && f.required) out.push(problem(at, 'required', `${f.label}：必填`, `${f.label}: required`));
    return null;
  }
  switch (f.type) {
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        out.push(problem(at, 'type', `${f.label}：应为数字`, `${f.label}: must be a number`));
        return null;
      }
      if (decimalsOf(v) > (f.decimals ?? 6))
        out.push(
          problem(
            at,
            'decimals',
            `${f.label}：最多 ${f.decimals ?? 6} 位小数`,
            `${f.label}: at most ${f.decimals ?? 6} decimals`,
          ),
        );
      if (f.min !== undefined && v < f.min)
        out.push(problem(at, 'min', `${f.label}：不能小于 ${f.min}`, `${f.label}: cannot be below ${f.min}`));
      if (f.max !== undefined && v > f.max)
        out.push(problem(at, 'max', `${f.label}：不能大于 ${f.max}`, `${f.label}: cannot be above ${f.max}`));
      return v;
    }
    case 'text': {
      if (typeof v !== 'string') {
        out.push(problem(at, 'type', `${f.label}：应为文字`, `${f.label}: must be text`));
        return null;
      }
      const max = f.max ?? 2000;
      if (v.length > max)
        out.push(problem(at, 'max', `${f.label}：最多 ${max} 字`, `${f.label}: at most ${max} characters`));
      if (f.min !== undefined && v.trim().length < f.min)
        out.push(problem(at, 'min', `${f.label}：至少 ${f.min} 字`, `${f.label}: at least ${f.min} characters`));
      return v.trim();
    }
    case 'choice':
      if (typeof v !== 'string' || !(f.options ?? []).includes(v)) {
        out.push(problem(at, 'option', `${f.label}：请从选项中选择`, `${f.label}: choose one of the options`));
        return null;
      }
      return v;
    case 'date':
      if (typeof v !== 'string' || !isDate(v)) {
        out.push(problem(at, 'type', `${f.label}：应为日期（年-月-日）`, `${f.label}: must be a date (YYYY-MM-DD)`));
        return null;
      }
      return v;
    case 'table':
      return null; // handled by the caller
  }
}

/** Computes a level's formula fields into `row`, in dependency order (the definition has no cycles). */
function compute(fields: readonly AnyField[], row: Record<string, unknown>): void {
  const formulas = new Map(fields.filter((f) => f.formula !== undefined).map((f) => [f.key, parseFormula(f.formula!)]));
  const done = new Set<string>();
  const scope: Scope = {
    value: (name) => {
      if (formulas.has(name) && !done.has(name)) run(name);
      const v = row[name];
      return typeof v === 'number' ? v : null;
    },
    rows: (table) => (Array.isArray(row[table]) ? (row[table] as Record<string, unknown>[]) : null),
  };
  function run(key: string) {
    done.add(key);
    const f = fields.find((x) => x.key === key)!;
    const v = evaluate(formulas.get(key)!, scope);
    const n = typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'boolean' ? Number(v) : null;
    row[key] = n === null ? null : Math.round(n * 10 ** (f.decimals ?? 6)) / 10 ** (f.decimals ?? 6);
  }
  for (const key of formulas.keys()) if (!done.has(key)) run(key);
}

/**
 * Checks values against a form: types, ranges, options, dates, table rows; with `complete` (a submission) also the
 * required fields and the cross-field rules. Returns the clean values with the formulas computed, and every problem.
 */
export function checkValues(
  def: FormDefinition,
  values: FormValues,
  complete: boolean,
): { values: Record<string, unknown>; errors: FieldProblem[] } {
  const out: FieldProblem[] = [];
  const clean: Record<string, unknown> = {};
  const known = new Set(def.fields.map((f) => f.key));
  for (const k of Object.keys(values))
    if (!known.has(k)) out.push(problem(`values.${k}`, 'unknown', `表中没有字段 ${k}`, `the form has no field ${k}`));
  for (const f of def.fields) {
    const at = `values.${f.key}`;
    const v = values[f.key];
    if (f.type !== 'table') {
      clean[f.key] = checkValue(f, v, at, complete, out);
      continue;
    }
    if (empty(v)) {
      clean[f.key] = [];
    } else if (!Array.isArray(v)) {
      out.push(problem(at, 'type', `${f.label}：应为表格行`, `${f.label}: must be a list of rows`));
      clean[f.key] = [];
      continue;
    } else {
      const cols = f.columns ?? [];
      const colKeys = new Set(cols.map((c) => c.key));
      clean[f.key] = v.map((row, r) => {
        const cleanRow: Record<string, unknown> = {};
        if (typeof row !== 'object' || row === null || Array.isArray(row)) {
          out.push(
            problem(`${at}.${r}`, 'type', `${f.label} 第${r + 1}行格式有误`, `${f.label} row ${r + 1} is not a row`),
          );
          return cleanRow;
        }
        for (const k of Object.keys(row))
          if (!colKeys.has(k))
            out.push(problem(`${at}.${r}.${k}`, 'unknown', `表格没有列 ${k}`, `the table has no column ${k}`));
        for (const c of cols)
          cleanRow[c.key] = checkValue(
            c,
            (row as Record<string, unknown>)[c.key],
            `${at}.${r}.${c.key}`,
            complete,
            out,
          );
        compute(cols, cleanRow);
        return cleanRow;
      });
    }
    const n = (clean[f.key] as unknown[]).length;
    if (f.maxRows !== undefined && n > f.maxRows)
      out.push(problem(at, 'max_rows', `${f.label}：最多 ${f.maxRows} 行`, `${f.label}: at most ${f.maxRows} rows`));
    if (complete && f.minRows !== undefined && n < f.minRows)
      out.push(problem(at, 'min_rows', `${f.label}：至少 ${f.minRows} 行`, `${f.label}: at least ${f.minRows} rows`));
    if (complete && f.required && n === 0)
      out.push(problem(at, 'required', `${f.label}：必填`, `${f.label}: required`));
  }
  compute(def.fields, clean);
  if (complete && !out.length) {
    const scope: Scope = {
      value: (name) => (typeof clean[name] === 'number' ? (clean[name] as number) : null),
      rows: (t) => (Array.isArray(clean[t]) ? (clean[t] as Record<string, unknown>[]) : null),
    };
    for (const r of def.rules)
      if (evaluate(parseFormula(r.expression), scope) === false)
        out.push({ field: `values.${r.field}`, code: 'rule', message: r.message });
  }
  return { values: clean, errors: out };
}

/** The figures a form adds up across submissions: its number fields, and the number columns of its tables. */
export function numericColumns(
  def: FormDefinition,
): { key: string; label: string; unit: string | null; path: [string] | [string, string] }[] {
  const out: { key: string; label: string; unit: string | null; path: [string] | [string, string] }[] = [];
  for (const f of def.fields) {
    if (f.type === 'number') out.push({ key: f.key, label: f.label, unit: f.unit ?? null, path: [f.key] });
    if (f.type === 'table')
      for (const c of f.columns ?? [])
        if (c.type === 'number')
          out.push({
            key: `${f.key}.${c.key}`,
            label: `${f.label}·${c.label}`,
            unit: c.unit ?? null,
            path: [f.key, c.key],
          });
  }
  return out;
}

/**
 * A forwarding org's starting values: the sum of its receivers' number fields (rounded to the field's decimals), their
 * table rows one after another (up to the table's limit); formulas recomputed over the sums.
 */
export function sumOfSubmissions(
  def: FormDefinition,
  submissions: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.fields) {
    if (f.type === 'number' && f.formula === undefined) {
      const xs = submissions.map((s) => s[f.key]).filter((v): v is number => typeof v === 'number');
      const p = 10 ** (f.decimals ?? 6);
      out[f.key] = xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) * p) / p : null;
    } else if (f.type === 'table') {
      const rows = submissions.flatMap((s) => (Array.isArray(s[f.key]) ? (s[f.key] as unknown[]) : []));
      out[f.key] = rows.slice(0, f.maxRows ?? 500);
    }
  }
  compute(def.fields, out);
  return out;
}

/** A copy's figures in `numericColumns` order (empty counts as 0): what the task's totals add up. */
export function figuresOf(def: FormDefinition, values: Record<string, unknown>): number[] {
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return numericColumns(def).map(({ path }) => {
    const v = values[path[0]];
    if (path.length === 1) return n(v);
    return (Array.isArray(v) ? v : []).reduce<number>(
      (a, row) => a + n((row as Record<string, unknown>)?.[path[1]]),
      0,
    );
  });
}

/**
 * Totals of a region as figures: sums for the entered fields, and the formula fields computed again over those sums (a
 * rate of a region is its closed over its received, not the sum of its villages' rates). A formula that reads a table
 * keeps the sum of its values.
 */
export function totalsAsFigures(def: FormDefinition, sums: Record<string, number>): Record<string, number> {
  const out: Record<string, unknown> = { ...sums };
  const recompute = def.fields.filter(
    (f) =>
      f.type === 'number' &&
      f.formula !== undefined &&
      references(parseFormula(f.formula)).every(
        (r) => r.column === undefined && def.fields.some((x) => x.key === r.name && x.type === 'number'),
      ),
  );
  if (recompute.length)
    compute(
      recompute.length === def.fields.length
        ? def.fields
        : def.fields.filter((f) => f.type === 'number' && (f.formula === undefined || recompute.includes(f))),
      out,
    );
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, typeof v === 'number' ? v : 0]));
}
