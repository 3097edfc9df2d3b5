import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { FieldProblem } from '@jinguo/contracts';
import { AppError, langOf } from '../errors.js';

type Params = Record<string, unknown>;

/** Bilingual wording of one zod issue. */
export function describeIssue(keyword: string, params: Params): { zh: string; en: string } {
  const limit = params.maximum ?? params.minimum;
  switch (keyword) {
    case 'invalid_type':
      return params.input === undefined
        ? { zh: '必填', en: 'is required' }
        : { zh: `类型错误，应为 ${String(params.expected)}`, en: `must be of type ${String(params.expected)}` };
    case 'too_big':
      return params.origin === 'string'
        ? { zh: `过长，最多 ${String(limit)} 个字符`, en: `is too long (at most ${String(limit)} characters)` }
        : params.origin === 'array'
          ? { zh: `过多，最多 ${String(limit)} 项`, en: `has too many items (at most ${String(limit)})` }
          : { zh: `过大，最大为 ${String(limit)}`, en: `is too large (at most ${String(limit)})` };
    case 'too_small':
      return params.origin === 'string'
        ? Number(limit) <= 1
          ? { zh: '不能为空', en: 'must not be empty' }
          : { zh: `过短，至少 ${String(limit)} 个字符`, en: `is too short (at least ${String(limit)} characters)` }
        : params.origin === 'array'
          ? { zh: `至少需要 ${String(limit)} 项`, en: `needs at least ${String(limit)} items` }
          : { zh: `过小，最小为 ${String(limit)}`, en: `is too small (at least ${String(limit)})` };
    case 'unrecognized_keys':
      return { zh: '不允许的字段', en: 'is not an allowed field' };
    case 'invalid_format':
      return params.format === 'date'
        ? { zh: '日期格式应为 YYYY-MM-DD', en: 'must be a date as YYYY-MM-DD' }
        : params.format === 'regex'
          ? { zh: '格式不正确', en: 'has the wrong format' }
          : { zh: `格式不正确（${String(params.format)}）`, en: `must be a valid ${String(params.format)}` };
    case 'invalid_value':
      return {
        zh: '取值不在允许范围内',
        en: `must be one of: ${Array.isArray(params.values) ? params.values.join(', ') : ''}`,
      };
    case 'custom': {
      // a refinement may word its own issue in both languages: `params: { zh, en }`
      const own = params.params as { zh?: unknown; en?: unknown } | undefined;
      return typeof own?.zh === 'string' && typeof own.en === 'string'
        ? { zh: own.zh, en: own.en }
        : { zh: '取值无效', en: 'is invalid' };
    }
    default:
      return { zh: '取值无效', en: 'is invalid' };
  }
}

export function validationProblems(
  validation: { keyword: string; instancePath: string; params: Params }[],
  context: string | undefined,
): FieldProblem[] {
  const where = context === 'body' || !context ? '' : `${context}.`;
  return validation.flatMap((v) => {
    const base = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const keys =
      v.keyword === 'unrecognized_keys' && Array.isArray(v.params.keys) ? (v.params.keys as string[]) : [null];
    return keys.map((k) => {
      const field = `${where}${[base, k].filter(Boolean).join('.')}` || context || 'body';
      const msg = describeIssue(v.keyword, v.params);
      return { field, code: v.keyword, message: { 'zh-CN': `${field}：${msg.zh}`, 'en-US': `${field} ${msg.en}` } };
    });
  });
}

function toAppError(error: FastifyError & { validationContext?: string }): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = validationProblems(error.validation as never, error.validationContext);
    const first = errors[0];
    return new AppError('VALIDATION_FAILED', {
      ...(first
        ? {
            field: first.field,
            zh: `提交的数据有误：${first.message['zh-CN']}`,
            en: `Invalid input: ${first.message['en-US']}`,
          }
        : {}),
      errors,
    });
  }
  switch (error.code) {
    // the router's own refusals (frameworkErrors in app.ts): an escape that decodes to nothing, a parameter over 100
    case 'FST_ERR_BAD_URL':
      return new AppError('VALIDATION_FAILED', {
        field: 'url',
        zh: '提交的数据有误：网址中有无效的转义字符',
        en: 'Invalid input: the URL holds an invalid escape',
      });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('VALIDATION_FAILED', {
        field: 'url',
        zh: '提交的数据有误：网址中的参数过长',
        en: 'Invalid input: a part of the URL is too long',
      });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_BODY', { field: 'body' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE', { field: 'body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', { field: 'content-type' });
  }
  if (error instanceof SyntaxError) return new AppError('MALFORMED_BODY', { field: 'body' });
  if (error.statusCode === 429) return new AppError('RATE_LIMITED');
  const pgCode = (error as { code?: string }).code ?? (error.cause as { code?: string } | undefined)?.code;
  // Safety nets: a constraint the service did not check first is still a 4xx, never a leak of SQL.
  if (pgCode === '23505') return new AppError('CONFLICT');
  if (pgCode && /^22/.test(pgCode)) return new AppError('VALIDATION_FAILED');
  if (pgCode === '42501') return new AppError('NOT_FOUND'); // row-level security refused: not in scope
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return new AppError('VALIDATION_FAILED');
  return new AppError('INTERNAL');
}

/**
 * The first string (or object key) no PostgreSQL text or jsonb value can hold — one with a NUL character or a lone
 * UTF-16 surrogate (text would store U+FFFD in its place, jsonb refuses it) —: the problem naming it, as a validation
 * problem names its field. Bodies that are no JSON (uploads) are not looked into.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (s: string) => UNSTORABLE.test(s);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
const isParsedObject = (v: unknown): v is Record<string, unknown> => {
  if (!isObject(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

export function unstorableProblem(context: 'body' | 'querystring' | 'params', value: unknown): AppError | null {
  // the way down as links to the parent, not copied arrays: a body nested 20,000 deep is walked in linear time
  type Link = { key: string; up: Link | null } | null;
  const stack: [unknown, Link][] = [[value, null]];
  const seen = new Set<object>();
  let found: Link | undefined;
  while (stack.length && found === undefined) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (unstorable(v)) found = at;
    } else if (Array.isArray(v)) {
      if (seen.has(v)) continue;
      seen.add(v);
      v.forEach((item, i) => stack.push([item, { key: String(i), up: at }]));
    }
    // Only parsed data is walked: plain objects, and a parsed query string (an object of no prototype). An upload's
    // body is its request stream (people.import.routes.ts), whose properties lead round through the socket and the
    // server: walking it never ended and took the server's memory until the process died. A Buffer is a file's bytes.
    // The query string and the path parameters are Fastify's own parse (fast-querystring's objects have a prototype
    // of their own): walked at the top, whatever their prototype.
    else if ((isParsedObject(v) || (at === null && context !== 'body' && isObject(v))) && !seen.has(v)) {
      seen.add(v);
      for (const [k, item] of Object.entries(v)) {
        if (unstorable(k)) found = { key: k, up: at };
        stack.push([item, { key: k, up: at }]);
      }
    }
  }
  if (found === undefined) return null;
  const path: string[] = [];
  for (let l = found; l; l = l.up) path.unshift(l.key);
  const field = [...(context === 'body' ? [] : [context]), ...path].join('.') || context;
  const msg = {
    zh: '不能包含空字符（U+0000）或不成对的代理项',
    en: 'must not contain the NUL character (U+0000) or a lone surrogate',
  };
  return new AppError('VALIDATION_FAILED', {
    field,
    zh: `提交的数据有误：${field}：${msg.zh}`,
    en: `Invalid input: ${field} ${msg.en}`,
    errors: [
      {
        field,
        code: 'unstorable_character',
        message: { 'zh-CN': `${field}：${msg.zh}`, 'en-US': `${field} ${msg.en}` },
      },
    ],
  });
}

/** Sends a problem+json whose title and detail follow the request's Accept-Language (zh-CN by default). */
function sendProblem(request: FastifyRequest, reply: FastifyReply, appError: AppError) {
  const lang = langOf(request.headers['accept-language']);
  void reply
    .status(appError.status)
    .type('application/problem+json')
    .header('content-language', lang)
    .header('vary', 'Accept-Language')
    .send(appError.toProblem(request.id, lang));
}

export function problemHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error);
  if (appError.status >= 500) request.log.error({ err: error }, 'unhandled error');
  sendProblem(request, reply, appError);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  sendProblem(request, reply, new AppError('NOT_FOUND', { field: 'url' }));
}
