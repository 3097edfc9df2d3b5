// Bad input for one write operation, derived from its OpenAPI request schema with fast-check (fuzz.ts runs them).
// Most cases start from the operation's valid sample (access-matrix.fixtures.ts: the body that reaches the scope
// check) and spoil one thing: a field given a wrong value (wrong type, out of range, too long, not in the enum, a
// malformed date, null where none is allowed), a field given an edge value the schema allows (its longest string,
// odd Unicode, its largest number, the first and last dates) — edges find the columns narrower than their schema —, a
// required field left out, an unknown field added, a bad path id, a bad query value. The rest spoil the request as a
// whole: a body of the wrong shape, malformed JSON, the wrong content type; an upload gets bytes that are no file.
import fc from 'fast-check';
import { PNG } from './access-matrix.fixtures.js';
import { badValue, branch, edgeValue, jsonText, typeOf, type Bytes, type Schema, type Tagged } from './fuzz.values.js';

export type { Schema } from './fuzz.values.js';

/** An operation called with in-scope ids, as fuzz.ts hands it over. */
export interface Target {
  method: string;
  /** The path template (`/api/v1/people/{personId}`). */
  template: string;
  /** Its parameters' in-scope values. */
  pathParams: Record<string, string>;
  /** The valid call's query string (the required parameters sampled), without `?`. */
  search: string;
  query: { name: string; schema?: Schema }[];
  bodySchema?: Schema;
  /** The valid sample body (JSON), if the operation takes one. */
  body?: unknown;
  /** The content type of an upload (its body is a file's bytes). */
  upload?: string;
  /** An accepted call takes seconds (a password-protected export: its key derivation is slow by design). */
  costly?: boolean;
}

export type Kind =
  | 'field-bad'
  | 'field-edge'
  | 'missing'
  | 'extra'
  | 'shape'
  | 'malformed'
  | 'content-type'
  | 'path'
  | 'query'
  | 'upload';

export interface FuzzCase {
  kind: Kind;
  /** What the case spoils, as a problem names it: `orgId`, `items.0.label`, `params.personId`, `body`… */
  field?: string;
  url: string;
  payload?: string | Buffer;
  contentType?: string;
  /** One line on what was sent, for the report. */
  note: string;
}

const BAD_IDS = [
  '0',
  '-1',
  '1.5',
  'abc',
  '1e3',
  '99999999999999999999',
  '2147483648',
  '9007199254740993',
  '%20',
  '1%00',
  '%E4%B8%AD',
  'null',
  'x'.repeat(300),
  '0x10',
  '%D9%A1',
  '+1',
  '%',
  '%zz',
];

interface FieldPath {
  path: string[];
  schema: Schema;
  required: boolean;
}

/** Every field of the body schema down to depth 3 (an array's first item stands for its items). */
function fields(s0: Schema, prefix: string[] = [], depth = 0): FieldPath[] {
  const s = branch(s0);
  if (depth > 3) return [];
  const out: FieldPath[] = [];
  if (typeOf(s) === 'object')
    for (const [k, p] of Object.entries(s.properties ?? {})) {
      const path = [...prefix, k];
      out.push({ path, schema: p, required: (s.required ?? []).includes(k) });
      out.push(...fields(p, path, depth + 1));
    }
  const items = branch(s).items;
  if (typeOf(s) === 'array' && items && depth > 0) out.push(...fields(items, [...prefix, '0'], depth + 1));
  return out;
}

/** The body with the value at `path` replaced (undefined: removed), the containers on the way made if absent. */
function setAt(body: unknown, path: string[], value: unknown): unknown {
  const root = structuredClone(body ?? {}) as Record<string, unknown>;
  let node: Record<string, unknown> = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      if (value === undefined) delete node[key];
      else node[key] = value;
      return;
    }
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = /^\d+$/.test(path[i + 1]!) ? [{}] : {};
    node = node[key] as Record<string, unknown>;
  });
  return root;
}

/** A JSON body case: the payload with its content type. */
const json = (kind: Kind, url: string, body: unknown, note: string, field?: string): FuzzCase => ({
  kind,
  url,
  payload: jsonText(body),
  contentType: 'application/json',
  note,
  ...(field !== undefined ? { field } : {}),
});

/** The arbitrary of every case that applies to the target, weighted towards spoiling one field of a valid body. */
export function caseArbitrary(target: Target): fc.Arbitrary<FuzzCase> {
  const { body, bodySchema } = target;
  const url = urlOf(target.template, target.pathParams, target.search);
  const arbs: fc.WeightedArbitrary<FuzzCase>[] = [];
  const fieldPaths = bodySchema ? fields(bodySchema) : [];
  const base = body ?? {};
  if (fieldPaths.length) {
    const pick = fc.constantFrom(...fieldPaths);
    arbs.push({
      weight: 5,
      arbitrary: pick.chain((f) =>
        badValue(f.schema).map(([v, why]) =>
          json('field-bad', url, setAt(base, f.path, v), `${f.path.join('.')}: ${why}`, f.path.join('.')),
        ),
      ),
    });
    // edges are valid input: an operation whose accepted call takes seconds gets only the cases meant to be refused
    if (!target.costly)
      arbs.push({
        weight: 4,
        arbitrary: pick.chain((f) =>
          edgeValue(f.schema).map(([v, why]) =>
            json('field-edge', url, setAt(base, f.path, v), `${f.path.join('.')}: ${why}`, f.path.join('.')),
          ),
        ),
      });
    const required = fieldPaths.filter((f) => f.required);
    if (required.length)
      arbs.push({
        weight: 1,
        arbitrary: fc
          .constantFrom(...required)
          .map((f) =>
            json('missing', url, setAt(base, f.path, undefined), `${f.path.join('.')} left out`, f.path.join('.')),
          ),
      });
    arbs.push({
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.oneof(
            fc.constantFrom('__proto__', 'constructor', 'id', 'orgPath', 'createdAt'),
            fc.string({ maxLength: 8 }),
          ),
          fc.jsonValue({ maxDepth: 1 }),
        )
        .filter(([k]) => !fieldPaths.some((f) => f.path.length === 1 && f.path[0] === k))
        .map(([k, v]) => {
          const payload = jsonText(base).replace(
            /^\{/,
            `{${JSON.stringify(k)}:${jsonText(v)}${jsonText(base) === '{}' ? '' : ','}`,
          );
          return {
            kind: 'extra' as const,
            url,
            payload,
            contentType: 'application/json',
            note: `extra field ${JSON.stringify(k)}`,
            field: k,
          };
        }),
    });
  }
  if (!target.upload) {
    arbs.push({
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constant<Tagged>([null, 'null']),
          fc.constant<Tagged>([{}, 'an empty object']),
          fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }).map((v): Tagged => [v, 'an array']),
          fc.string({ maxLength: 10 }).map((v): Tagged => [v, 'a string']),
          fc.integer().map((v): Tagged => [v, 'a number']),
          fc.constant<Tagged>([Array.from({ length: 50_000 }, (_, i) => i), 'a 50,000-item array']),
        )
        .map(([v, why]): [string, string] => [jsonText(v), why])
        // nested deeper than JSON.stringify's recursion goes: written out as text
        .chain((shaped) =>
          fc.oneof(
            fc.constant(shaped),
            fc
              .integer({ min: 200, max: 20_000 })
              .map((d): [string, string] => [`${'{"a":'.repeat(d)}1${'}'.repeat(d)}`, `nested ${d} deep`]),
          ),
        )
        .map(([payload, why]) => ({
          kind: 'shape' as const,
          url,
          payload,
          contentType: 'application/json',
          note: `body: ${why}`,
          field: 'body',
        })),
    });
    const text = jsonText(base);
    arbs.push({
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((n) => text.slice(0, n)),
          fc.constantFrom(
            `${text.slice(0, -1)},}`,
            text.replaceAll('"', "'"),
            `${text}${text}`,
            '\ufeff' + text,
            '{"a":NaN}',
            'undefined',
            '{"__proto__":{"x":1}}',
            '{"constructor":{"prototype":{"x":1}}}',
          ),
          fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.from(b)),
        )
        .map((payload) => ({
          kind: 'malformed' as const,
          url,
          payload,
          contentType: 'application/json',
          note: `malformed JSON ${JSON.stringify(String(payload).slice(0, 40))}`,
          field: 'body',
        })),
    });
    arbs.push({
      weight: 1,
      arbitrary: fc
        .constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'application/json; charset=utf-16',
          'application/jsonx',
          'image/png',
        )
        .map((ct) => ({
          kind: 'content-type' as const,
          url,
          payload: text,
          contentType: ct,
          note: `sent as ${ct}`,
          field: 'content-type',
        })),
    });
  } else {
    arbs.push({
      weight: 4,
      arbitrary: fc
        .oneof(
          fc.uint8Array({ maxLength: 4096 }).map((b): Bytes => [Buffer.from(b), 'random bytes']),
          fc.constant<Bytes>([Buffer.alloc(0), 'nothing']),
          fc.integer({ min: 8, max: PNG.length - 1 }).map((n): Bytes => [PNG.subarray(0, n), `a PNG cut at ${n}`]),
          fc
            .uint8Array({ maxLength: 512 })
            .map((b): Bytes => [
              Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from(b)]),
              'a zip header and junk',
            ]),
          fc.constant<Bytes>([Buffer.concat([PNG.subarray(0, 16), Buffer.alloc(2048, 0xff)]), 'a PNG header and junk']),
        )
        .map(([payload, why]) => ({
          kind: 'upload' as const,
          url,
          payload,
          contentType: target.upload!,
          note: `upload: ${why}`,
          field: 'body',
        })),
    });
    arbs.push({
      weight: 1,
      arbitrary: fc
        .constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/octet-stream')
        .map((ct) => ({
          kind: 'content-type' as const,
          url,
          payload: ct === 'application/json' ? '{}' : PNG,
          contentType: ct,
          note: `upload sent as ${ct}`,
          field: 'content-type',
        })),
    });
  }
  const params = Object.entries(target.pathParams);
  if (params.length)
    arbs.push({
      weight: 2,
      arbitrary: fc.tuple(fc.constantFrom(...params), fc.constantFrom(...BAD_IDS)).map(([[name], bad]) => {
        const spoilt = urlOf(target.template, { ...target.pathParams, [name]: bad }, target.search);
        return {
          ...bodyOf(target, base),
          kind: 'path' as const,
          url: spoilt,
          note: `{${name}} = ${bad.slice(0, 30)}`,
          field: `params.${name}`,
        };
      }),
    });
  if (target.query.length)
    arbs.push({
      weight: 1,
      arbitrary: fc
        .constantFrom(...target.query)
        .chain((q) =>
          fc.oneof(badValue(q.schema ?? {}), edgeValue(q.schema ?? {})).map(([v, why]) => [q.name, v, why] as const),
        )
        .map(([name, v, why]) => {
          const query = new URLSearchParams(target.search);
          query.set(name, typeof v === 'string' ? v : jsonText(v));
          return {
            ...bodyOf(target, base),
            kind: 'query' as const,
            url: urlOf(target.template, target.pathParams, query.toString()),
            note: `?${name}: ${why}`,
            field: `querystring.${name}`,
          };
        }),
    });
  return fc.oneof(...arbs);
}

/** The URL of the template with these parameter values (sent as they are: a bad one may be no valid escape). */
export function urlOf(template: string, params: Record<string, string>, search: string): string {
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? '');
  return search ? `${path}?${search}` : path;
}

/** The valid call's body, for cases that spoil the URL. */
function bodyOf(target: Target, body: unknown): Pick<FuzzCase, 'payload' | 'contentType'> {
  if (target.upload) return { payload: PNG, contentType: target.upload };
  return target.body === undefined ? {} : { payload: jsonText(body), contentType: 'application/json' };
}
