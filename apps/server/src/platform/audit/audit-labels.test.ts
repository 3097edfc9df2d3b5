import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_MACHINE,
  ASSIGNMENT_MACHINE,
  auditActionLabel,
  auditTargetLabel,
  CASE_TRANSITIONS,
  DEMAND_ACTIONS,
  PROPOSAL_ACTIONS,
  REFERRAL_MACHINE,
  ReviewAction,
  SUPERVISION_ACTIONS,
  WISH_MACHINE,
} from '@jinguo/contracts';

/*
 * Every action code the server writes to the audit trail has words in both languages (contracts, audit-labels.ts).
 * The codes are collected from the source the way a reader would grep for them: the `action` of each appendAudit /
 * auditNow call — a literal, a conditional of literals, a template (`demand.${input.action}`), or a helper's
 * parameter (then the literals its callers pass).
 */

const SERVER_SRC = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The values of template placeholders that come from the contracts rather than from a literal in the file. A new
 * template, or a helper called with a value that is not a literal, fails the test until it is listed here.
 */
const keys = (m: { transitions: object }) => Object.keys(m.transitions);
const TEMPLATE_VALUES: Record<string, readonly string[]> = {
  'activity.${action}': keys(ACTIVITY_MACHINE),
  'care.wishes.${action}': keys(WISH_MACHINE),
  'case.${input.transition}': CASE_TRANSITIONS,
  "care.application.${input.action === 'pass' && last ? 'approve' : input.action}": [
    ...ReviewAction.options,
    'approve',
  ],
  'case.referral.${step}': [...new Set(Object.values(REFERRAL_MACHINE).flatMap((m) => Object.keys(m)))],
  'demand.${input.action}': [...DEMAND_ACTIONS, ...SUPERVISION_ACTIONS],
  'demand.proposal.${input.action}': PROPOSAL_ACTIONS,
  'task.${action}': keys(ASSIGNMENT_MACHINE),
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** The source with its comments blanked out (strings kept), so that an apostrophe in a comment misleads nothing. */
function withoutComments(src: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      out += c;
      if (c === '\\') out += src[++i] ?? '';
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
      out += c;
    } else if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      i = end < 0 ? src.length : end - 1;
    } else if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? src.length : end + 1;
    } else out += c;
  }
  return out;
}

/** The text between the bracket at `open` and its match, skipping strings and templates' text. */
function balanced(src: string, open: number): string {
  const close = { '(': ')', '{': '}', '[': ']' } as Record<string, string>;
  const stack: string[] = [];
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (c === "'" || c === '"') {
      i++;
      while (i < src.length && src[i] !== c) i += src[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '`') {
      // A template: skip its text, but its placeholders may hold brackets and strings of their own.
      i++;
      while (i < src.length && src[i] !== '`') {
        if (src[i] === '\\') i += 2;
        else if (src.startsWith('${', i)) i += balanced(src, i + 1).length + 3;
        else i++;
      }
      continue;
    }
    if (c in close) stack.push(close[c]!);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (!stack.length) return src.slice(open + 1, i);
    }
  }
  throw new Error(`unbalanced bracket at ${open}`);
}

/** Splits at top-level commas. */
function topLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote && text[i - 1] !== '\\') quote = null;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter(Boolean);
}

const CODE = /^[a-z][a-z_]*(\.[a-z_]+)+$/;
const VERB = /^[a-z][a-z_]*(\.[a-z_]+)*$/;
const literals = (expr: string) => [...expr.matchAll(/'([^']*)'/g)].map((m) => m[1]!);

/** Where a function that takes parameters is defined: `function f(`, `const f = (`, `f: (` (a method). */
const DEFINITION =
  /(?:function\s+(\w+)\s*\(|(?:const|let)\s+(\w+)(?:\s*:\s*\w+)?\s*=\s*(?:async\s*)?\(|(\w+)\s*:\s*(?:async\s*)?\()/g;

interface Source {
  file: string;
  src: string;
}

/**
 * The values a parameter takes: find the function around `at` that declares it, then in the files of its folder the
 * argument each call passes there (or the parameter's default). A literal is a value; an argument that is itself a
 * parameter of the caller is followed to that caller's callers; anything else is reported.
 */
function parameterValues(
  files: Source[],
  here: Source,
  at: number,
  param: string,
  depth = 0,
): { values: string[]; problems: string[] } | null {
  const defs = [...here.src.slice(0, at).matchAll(DEFINITION)].reverse();
  for (const def of defs) {
    const name = def[1] ?? def[2] ?? def[3]!;
    // A method is called on its object (`cases.readAudited(`), a function or a constant by its bare name.
    const callee = def[3] ? `(?<=\\.)${name}` : `(?<![.\\w])${name}`;
    const params = topLevel(balanced(here.src, def.index + def[0].length - 1));
    const index = params.findIndex((p) => p.split(/[:=?]/)[0]!.trim() === param);
    if (index < 0) continue;
    const fallback = literals(params[index]!.split('=')[1] ?? '')[0];
    const out = { values: [] as string[], problems: [] as string[] };
    const folder = here.file.slice(0, here.file.lastIndexOf('/'));
    for (const f of files.filter((x) => x.file.startsWith(`${folder}/`))) {
      for (const call of f.src.matchAll(new RegExp(`${callee}\\s*\\(`, 'g'))) {
        if (f === here && call.index === def.index + def[0].indexOf(name)) continue;
        const before = f.src.slice(Math.max(0, call.index - 12), call.index);
        if (/function\s+$/.test(before)) continue;
        const args = topLevel(balanced(f.src, call.index + call[0].length - 1));
        const arg = args[index];
        const [lit] = literals(arg ?? '');
        if (arg === undefined) {
          if (fallback) out.values.push(fallback);
        } else if (lit !== undefined && arg === `'${lit}'`) out.values.push(lit);
        else if (/^\w+$/.test(arg) && depth < 3) {
          const further = parameterValues(files, f, call.index, arg, depth + 1);
          if (further) {
            out.values.push(...further.values);
            out.problems.push(...further.problems);
          } else out.problems.push(`${relative(SERVER_SRC, f.file)}: ${name}(…) is called with ${arg}`);
        } else out.problems.push(`${relative(SERVER_SRC, f.file)}: ${name}(…) is called with ${arg}`);
      }
    }
    return out;
  }
  return null;
}

interface Found {
  codes: Map<string, string>; // code → where
  targets: Map<string, string>;
  problems: string[];
}

function collect(): Found {
  const found: Found = { codes: new Map(), targets: new Map(), problems: [] };
  const files = sourceFiles(SERVER_SRC).map((file) => ({ file, src: withoutComments(readFileSync(file, 'utf8')) }));
  for (const here of files) {
    const { src } = here;
    const where = relative(SERVER_SRC, here.file);
    for (const call of src.matchAll(/\b(appendAudit|auditNow)\s*\(/g)) {
      const args = balanced(src, call.index + call[0].length - 1);
      const entry = topLevel(args)[2];
      if (!entry?.startsWith('{')) continue; // the platform's own forwarding (auditNow → appendAudit)
      const props = topLevel(entry.slice(1, -1));
      for (const p of props.filter((x) => /^targetType\s*:/.test(x)))
        for (const t of literals(p)) found.targets.set(t, where);
      const prop = props.find((p) => /^action\b/.test(p));
      if (!prop) {
        found.problems.push(`${where}: an audit entry without an action`);
        continue;
      }
      const expr = prop.includes(':') ? prop.slice(prop.indexOf(':') + 1).trim() : prop;
      const at = call.index;
      if (/^\w+$/.test(expr)) {
        // A helper's parameter: the codes its callers pass.
        const param = parameterValues(files, here, at, expr);
        if (!param?.values.length) found.problems.push(`${where}: cannot tell the codes of \`action: ${expr}\``);
        found.problems.push(...(param?.problems ?? []));
        for (const v of param?.values ?? [])
          if (CODE.test(v)) found.codes.set(v, where);
          else found.problems.push(`${where}: not an action code: ${v}`);
        continue;
      }
      if (!expr.includes('`')) {
        for (const lit of literals(expr)) if (CODE.test(lit)) found.codes.set(lit, where);
        if (!literals(expr).some((l) => CODE.test(l))) found.problems.push(`${where}: cannot tell the code of ${expr}`);
        continue;
      }
      const template = /^`([a-z_.]+\.)\$\{(.*)\}`$/s.exec(expr);
      if (!template) {
        found.problems.push(`${where}: a template code of an unknown shape: ${expr}`);
        continue;
      }
      const [, prefix, placeholder] = template as unknown as [string, string, string];
      const values = new Set<string>();
      const listed = TEMPLATE_VALUES[expr.slice(1, -1)];
      for (const v of listed ?? []) values.add(v);
      if (/^\w+$/.test(placeholder)) {
        // A helper's parameter: add the literal verbs its callers pass; others must be listed above.
        const param = parameterValues(files, here, at, placeholder);
        for (const v of param?.values ?? []) if (VERB.test(v)) values.add(v);
        if (!listed && (!param || param.problems.length))
          found.problems.push(
            `${where}: list the values of \`${expr}\` in TEMPLATE_VALUES`,
            ...(param?.problems ?? []),
          );
      } else if (!listed) found.problems.push(`${where}: list the values of \`${expr}\` in TEMPLATE_VALUES`);
      for (const v of values) found.codes.set(`${prefix}${v}`, where);
    }
  }
  return found;
}

describe('audit labels', () => {
  const found = collect();

  it('finds the codes the server writes', () => {
    expect(found.problems).toEqual([]);
    // A sanity floor: the scan reads the calls, it does not merely find none.
    expect(found.codes.size).toBeGreaterThan(150);
    for (const code of ['auth.login', 'org.rename', 'demand.sign', 'case.contact_overdue', 'care.wishes.proof.add'])
      expect([...found.codes.keys()]).toContain(code);
  });

  it.each(['zh-CN', 'en-US'] as const)('labels every action code the server writes (%s)', (lang) => {
    const missing = [...found.codes].filter(([code]) => !auditActionLabel(code, lang)).map(([c, w]) => `${c} (${w})`);
    expect(missing).toEqual([]);
  });

  it.each(['zh-CN', 'en-US'] as const)('labels every target type the server writes (%s)', (lang) => {
    const missing = [...found.targets].filter(([t]) => !auditTargetLabel(t, lang)).map(([t, w]) => `${t} (${w})`);
    expect(missing).toEqual([]);
  });

  it('composes a subject and a verb, prefers a whole-code label, and knows no made-up code', () => {
    expect(auditActionLabel('demand.sign', 'zh-CN')).toBe('签收诉求');
    expect(auditActionLabel('demand.sign', 'en-US')).toBe('Sign for demand');
    expect(auditActionLabel('care.wishes.proof.add', 'zh-CN')).toBe('添加心愿实现凭证');
    expect(auditActionLabel('case.unmask', 'zh-CN')).toBe('查看当事人明文信息');
    expect(auditActionLabel('care.application.unmask', 'zh-CN')).toBe('查看关爱项目申请明文信息');
    expect(auditActionLabel('auth.login', 'zh-CN')).toBe('登录系统');
    expect(auditActionLabel('user.password.reset', 'zh-CN')).toBe('重置用户密码');
    expect(auditActionLabel('nothing.here', 'zh-CN')).toBeNull();
    expect(auditActionLabel('demand.fly', 'zh-CN')).toBeNull();
    expect(auditTargetLabel('user', 'zh-CN')).toBe('用户');
    expect(auditTargetLabel('spaceship', 'zh-CN')).toBeNull();
  });
});
