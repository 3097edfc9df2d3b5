import type { ColumnField, FieldProblem, FormDefinition, FormField } from '@jinguo/contracts';
import { FormulaError, parseFormula, references, type Node } from './tasks.formula.policy.js';

/*
 * Report forms as data: the server checks a definition before it is stored (a forged one — unknown type, a formula
 * naming a missing field, a cycle — is refused naming the field). Submissions are checked in tasks.values.policy.ts.
 * Pure.
 */

export const problem = (field: string, code: string, zh: string, en: string): FieldProblem => ({
  field,
  code,
  message: { 'zh-CN': zh, 'en-US': en },
});

export type AnyField = FormField | ColumnField;

/** The checks of one field's own settings (its formula's names are checked against its siblings separately). */
function checkSettings(f: AnyField, at: string, metrics: ReadonlySet<string>, out: FieldProblem[]): void {
  if (f.min !== undefined && f.max !== undefined && f.min > f.max)
    out.push(problem(`${at}.max`, 'range', '最大值不能小于最小值', 'max cannot be below min'));
  if (f.type !== 'number') {
    for (const k of ['formula', 'metric', 'target'] as const)
      if (f[k] !== undefined)
        out.push(
          problem(`${at}.${k}`, 'not_number', '只有数值字段可以设置此项', 'only number fields take this setting'),
        );
  }
  if (f.type === 'choice') {
    const options = f.options ?? [];
    if (!options.length) out.push(problem(`${at}.options`, 'required', '单选字段需要选项', 'a choice needs options'));
    if (new Set(options).size !== options.length)
      out.push(problem(`${at}.options`, 'duplicate', '选项不能重复', 'options must be distinct'));
  }
  if (f.type === 'text' && f.min !== undefined && f.min < 0)
    out.push(problem(`${at}.min`, 'range', '长度不能为负', 'a length cannot be negative'));
  if (f.formula !== undefined && f.metric !== undefined)
    out.push(
      problem(`${at}.metric`, 'conflict', '公式字段不能同时取自业务数据', 'a formula field cannot also take a metric'),
    );
  if (f.metric !== undefined && !metrics.has(f.metric))
    out.push(problem(`${at}.metric`, 'unknown', `平台没有指标 ${f.metric}`, `the platform has no metric ${f.metric}`));
}

/**
 * Parses the formulas of one level (the form's fields, or one table's columns), checks every name they read and looks
 * for cycles. `tables` are the level's repeating tables (top level only).
 */
function checkFormulas(fields: readonly AnyField[], at: (i: number) => string, out: FieldProblem[]): void {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const parsed = new Map<string, Node>();
  fields.forEach((f, i) => {
    if (f.formula === undefined || f.type !== 'number') return;
    const where = `${at(i)}.formula`;
    let node: Node;
    try {
      node = parseFormula(f.formula);
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      out.push(problem(where, 'syntax', `公式有误：${e.message}`, `the formula is not valid: ${e.message}`));
      return;
    }
    const bad = badReference(node, byKey);
    if (bad) out.push(problem(where, 'reference', bad.zh, bad.en));
    else parsed.set(f.key, node);
  });
  // Cycles: a formula field reading (through other formula fields) itself.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string): string | null => {
    if (state.get(key) === 'done') return null;
    if (state.get(key) === 'visiting') return key;
    state.set(key, 'visiting');
    for (const r of references(parsed.get(key)!)) {
      if (!parsed.has(r.name) || r.column !== undefined) continue;
      const hit = visit(r.name);
      if (hit) return hit;
    }
    state.set(key, 'done');
    return null;
  };
  fields.forEach((f, i) => {
    if (!parsed.has(f.key) || state.get(f.key) === 'done') return;
    if (visit(f.key))
      out.push(
        problem(
          `${at(i)}.formula`,
          'cycle',
          `公式循环引用（${f.key}）`,
          `the formula refers to itself in a cycle (${f.key})`,
        ),
      );
  });
}

/** The first name a formula reads that its level does not offer as a number (or a table, for count and columns). */
function badReference(node: Node, byKey: ReadonlyMap<string, AnyField>): { zh: string; en: string } | null {
  for (const r of references(node)) {
    const f = byKey.get(r.name);
    if (!f) return { zh: `公式引用了不存在的字段 ${r.name}`, en: `the formula names a missing field ${r.name}` };
    if (r.column !== undefined) {
      const col = f.type === 'table' ? (f as FormField).columns?.find((c) => c.key === r.column) : undefined;
      if (!col || col.type !== 'number')
        return {
          zh: `公式引用了不存在的数值列 ${r.name}.${r.column}`,
          en: `the formula names a missing number column ${r.name}.${r.column}`,
        };
    } else if (f.type !== 'number' && f.type !== 'table') {
      return { zh: `公式只能引用数值字段（${r.name}）`, en: `a formula can only read number fields (${r.name})` };
    }
  }
  return null;
}

/** Every problem of a definition (empty when it may be stored), fields named from `prefix` (`definition`). */
export function checkDefinition(
  def: FormDefinition,
  metrics: ReadonlySet<string>,
  prefix = 'definition',
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  def.fields.forEach((f, i) => {
    const at = `${prefix}.fields.${i}`;
    if (seen.has(f.key))
      out.push(problem(`${at}.key`, 'duplicate', `字段名 ${f.key} 重复`, `the key ${f.key} is used twice`));
    seen.add(f.key);
    checkSettings(f, at, metrics, out);
    if (f.type === 'table') {
      const cols = f.columns ?? [];
      if (!cols.length) out.push(problem(`${at}.columns`, 'required', '表格需要至少一列', 'a table needs columns'));
      const colKeys = new Set<string>();
      cols.forEach((c, j) => {
        if (colKeys.has(c.key))
          out.push(
            problem(`${at}.columns.${j}.key`, 'duplicate', `列名 ${c.key} 重复`, `the key ${c.key} is used twice`),
          );
        colKeys.add(c.key);
        checkSettings(c, `${at}.columns.${j}`, metrics, out);
        if (c.metric !== undefined)
          out.push(
            problem(`${at}.columns.${j}.metric`, 'table', '表格列不能取自业务数据', 'a table column takes no metric'),
          );
      });
      checkFormulas(cols, (j) => `${at}.columns.${j}`, out);
      if (f.minRows !== undefined && f.maxRows !== undefined && f.minRows > f.maxRows)
        out.push(problem(`${at}.maxRows`, 'range', '最多行数不能小于最少行数', 'maxRows cannot be below minRows'));
    } else if (f.columns !== undefined) {
      out.push(problem(`${at}.columns`, 'not_table', '只有表格字段可以有列', 'only a table has columns'));
    }
  });
  checkFormulas(def.fields, (i) => `${prefix}.fields.${i}`, out);
  const byKey = new Map(def.fields.map((f) => [f.key, f as AnyField]));
  def.rules.forEach((r, i) => {
    const at = `${prefix}.rules.${i}`;
    if (!byKey.has(r.field))
      out.push(
        problem(
          `${at}.field`,
          'reference',
          `规则指向不存在的字段 ${r.field}`,
          `the rule names a missing field ${r.field}`,
        ),
      );
    try {
      const bad = badReference(parseFormula(r.expression), byKey);
      if (bad) out.push(problem(`${at}.expression`, 'reference', bad.zh, bad.en));
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      out.push(problem(`${at}.expression`, 'syntax', `规则有误：${e.message}`, `the rule is not valid: ${e.message}`));
    }
  });
  return out;
}
