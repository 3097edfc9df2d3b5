// Values derived from a JSON schema (an operation's request schema in the OpenAPI document) with fast-check, for
// fuzz.cases.ts: values the schema refuses (wrong type, out of range, too long, not in the enum, a malformed date,
// null where none is allowed) and values it accepts at its edges (its longest strings, odd Unicode, its extreme
// numbers and dates) — edges find the columns narrower than their schema.
import fc from 'fast-check';

export interface Schema {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

export const ODD = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u202d',
  '\u200b',
  '\ufeff',
  '\uffff',
  'e\u0301\u0301\u0301',
  '\u2028\u2029\u0085',
  '😀',
  '𠀀𪚥',
  "'; drop table users; --",
  '%_\\',
  '   ',
  '\t\r\n',
];
const BAD_DATES = ['2026-02-30', '2026-13-01', '20261201', '2026-12-01T00:00:00Z', '0000-00-00', '+02026-12-01', ''];
const EDGE_DATES = ['0001-01-01', '9999-12-31', '2024-02-29', '1900-01-01', '1969-12-31'];
export type Tagged = [value: unknown, why: string];
export type Bytes = [bytes: Buffer, why: string];

export const jsonText = (v: unknown) => JSON.stringify(v) ?? 'null';
export const typeOf = (s: Schema) => s.type ?? (s.enum ? 'string' : s.properties ? 'object' : undefined);

/** The branch of a union the valid sample took (sampleOf takes the first). */
export const branch = (s: Schema): Schema => {
  const alt = s.anyOf ?? s.oneOf ?? s.allOf;
  return alt?.[0] ? branch(alt[0]) : s;
};

/** Values of other JSON types than the schema's. */
function wrongType(s: Schema): fc.Arbitrary<unknown> {
  const t = typeOf(s);
  const all: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.string({ maxLength: 12 })],
    ['number', fc.double({ noNaN: true, noDefaultInfinity: true })],
    ['integer', fc.integer()],
    ['boolean', fc.boolean()],
    ['object', fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 })],
    ['array', fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })],
  ];
  const others = all.filter(([k]) => k !== t && !(t === 'number' && k === 'integer')).map(([, a]) => a);
  return fc.oneof(...others, ...(s.nullable ? [] : [fc.constant(null)]));
}

const lower = (s: Schema) => (s.minimum ?? -Infinity) + (s.exclusiveMinimum === true ? 1 : 0);
const upper = (s: Schema) => (s.maximum ?? Infinity) - (s.exclusiveMaximum === true ? 1 : 0);

/** A value the schema refuses, with a word on what it is. */
export function badValue(s0: Schema): fc.Arbitrary<Tagged> {
  const s = branch(s0);
  const t = typeOf(s);
  const out: fc.Arbitrary<Tagged>[] = [wrongType(s).map((v): Tagged => [v, 'wrong type'])];
  if (s.enum) {
    const first = String(s.enum[0]);
    out.push(
      fc
        .oneof(fc.constant(first.toUpperCase()), fc.constant(`${first} `), fc.string({ minLength: 1, maxLength: 10 }))
        .filter((v) => !s.enum!.includes(v))
        .map((v): Tagged => [v, 'not in the enum']),
    );
  } else if (t === 'string') {
    if (s.maxLength !== undefined)
      out.push(fc.integer({ min: 1, max: 2000 }).map((n): Tagged => ['字'.repeat(s.maxLength! + n), 'too long']));
    if (s.minLength) out.push(fc.constant<Tagged>(['x'.repeat(s.minLength - 1), 'too short']));
    if (s.format === 'date') out.push(fc.constantFrom(...BAD_DATES).map((v): Tagged => [v, 'not a date']));
    else if (s.format === 'date-time')
      out.push(
        fc.constantFrom('yesterday', '2026-12-01', '2026-12-01T25:00:00Z').map((v): Tagged => [v, 'not a time']),
      );
    else if (s.pattern) {
      const re = safeRegExp(s.pattern);
      if (re)
        out.push(
          fc
            .oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...ODD))
            .filter((v) => !re.test(v))
            .map((v): Tagged => [v, 'off the pattern']),
        );
    }
  } else if (t === 'integer' || t === 'number') {
    const lo = lower(s);
    const hi = upper(s);
    const bad: Tagged[] = [];
    if (Number.isFinite(lo)) bad.push([lo - 1, 'below the minimum']);
    if (Number.isFinite(hi)) bad.push([hi + 2, 'above the maximum'], [1e21, 'huge']);
    if (t === 'integer') bad.push([1.5, 'not an integer'], ['12', 'a numeric string']);
    out.push(fc.constantFrom(...(bad.length ? bad : [[-1e308, 'huge'] as Tagged])));
  } else if (t === 'boolean') {
    out.push(fc.constantFrom<Tagged>(['true', 'a boolean as a string'], [1, 'a boolean as a number']));
  } else if (t === 'array' && s.items) {
    const item = sampleValue(s.items);
    if (s.maxItems !== undefined)
      out.push(fc.constant<Tagged>([Array.from({ length: s.maxItems + 1 }, () => item), 'too many items']));
    if (s.minItems) out.push(fc.constant<Tagged>([[], 'too few items']));
    out.push(badValue(s.items).map(([v, why]): Tagged => [[v], `an item: ${why}`]));
  } else if (t === 'object') {
    out.push(fc.constant<Tagged>([[], 'an array for an object']));
  }
  return fc.oneof(...out);
}

/** A value the schema accepts, at its edges: the longest strings, odd Unicode, the extreme numbers and dates. */
export function edgeValue(s0: Schema): fc.Arbitrary<Tagged> {
  const s = branch(s0);
  const t = typeOf(s);
  if (s.enum) return fc.constantFrom(...s.enum).map((v): Tagged => [v, 'an enum value']);
  if (t === 'string') {
    if (s.format === 'date') return fc.constantFrom(...EDGE_DATES).map((v): Tagged => [v, 'an edge date']);
    if (s.format === 'date-time')
      return fc
        .constantFrom('9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z', '2026-12-01T09:00:00+14:00')
        .map((v): Tagged => [v, 'an edge time']);
    const re = s.pattern ? safeRegExp(s.pattern) : null;
    if (s.pattern)
      return re
        ? fc
            .stringMatching(re, { size: 'small' })
            .filter((v) => v.length <= (s.maxLength ?? Infinity) && v.length >= (s.minLength ?? 0))
            .map((v): Tagged => [v, 'matching the pattern'])
        : fc.constant<Tagged>([sampleValue(s), 'the sample']);
    const max = Math.min(s.maxLength ?? 5000, 100_000);
    const min = s.minLength ?? 0;
    return fc.oneof(
      fc
        .constantFrom('a', '字', '😀')
        .map((c): Tagged => [c.repeat(Math.max(min, Math.floor(max / c.length))), 'longest']),
      fc
        .constantFrom(...ODD)
        .filter((v) => v.length >= min && v.length <= max)
        .map((v): Tagged => [v, 'odd Unicode']),
      fc
        .string({ unit: 'binary', minLength: min, maxLength: Math.min(max, 40) })
        .filter((v) => v.length <= max)
        .map((v): Tagged => [v, 'any code points']),
    );
  }
  if (t === 'integer' || t === 'number') {
    const lo = lower(s);
    const hi = upper(s);
    const edges = [lo, hi, 0, 1, 2147483647, 2147483648, -2147483649].filter(
      (v) => Number.isFinite(v) && v >= lo && v <= hi,
    );
    if (t === 'number') edges.push(...[0.5, 1e-7].filter((v) => v >= lo && v <= hi));
    return fc.constantFrom(...(edges.length ? edges : [0])).map((v): Tagged => [v, 'an edge number']);
  }
  if (t === 'boolean') return fc.boolean().map((v): Tagged => [v, 'a boolean']);
  if (t === 'array' && s.items) {
    const item = sampleValue(s.items);
    return fc.oneof(
      fc.constant<Tagged>([
        Array.from({ length: Math.min(s.maxItems ?? 200, 1000) }, () => item),
        'most items, repeated',
      ]),
      edgeValue(s.items).map(([v, why]): Tagged => [[v], `an item: ${why}`]),
      ...(s.minItems ? [] : [fc.constant<Tagged>([[], 'no items'])]),
    );
  }
  return fc.constant<Tagged>([sampleValue(s), 'the sample']);
}

function safeRegExp(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}

/** A plain valid value (the array items a bad array repeats; an intermediate object a nested field needs). */
export function sampleValue(s0: Schema): unknown {
  const s = branch(s0);
  if (s.enum) return s.enum[0];
  switch (typeOf(s)) {
    case 'string':
      return s.format === 'date' ? '2026-12-01' : 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return Math.max(1, lower(s));
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k) => [k, sampleValue(s.properties?.[k] ?? {})]));
    default:
      return null;
  }
}
