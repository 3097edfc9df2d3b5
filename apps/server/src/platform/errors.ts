import { ERROR_CATALOGUE, type ErrorCode, type FieldProblem, type Problem } from '@jinguo/contracts';

/** The two languages the platform speaks; zh-CN unless the reader asks for English. */
export type Lang = 'zh-CN' | 'en-US';

/**
 * The reader's language from an `Accept-Language` header (RFC 9110 §12.5.4): the supported language with the highest
 * weight — any `en` range is en-US, any `zh` range zh-CN, `*` the default — and zh-CN when none is acceptable.
 */
export function langOf(acceptLanguage: string | string[] | undefined): Lang {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  let best: { lang: Lang; q: number } | null = null;
  for (const part of header.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0) || q > 1) continue;
    const primary = range.trim().split('-')[0];
    const lang: Lang | null = primary === 'en' ? 'en-US' : primary === 'zh' || primary === '*' ? 'zh-CN' : null;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'zh-CN';
}

/** The one error type services throw; the HTTP layer maps it to problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly errors: FieldProblem[] | undefined;
  readonly zh: string;
  readonly en: string;

  constructor(code: ErrorCode, opts: { field?: string; zh?: string; en?: string; errors?: FieldProblem[] } = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(opts.en ?? entry.en);
    this.code = code;
    this.status = entry.status;
    this.field = opts.field;
    this.errors = opts.errors;
    this.zh = opts.zh ?? entry.zh;
    this.en = opts.en ?? entry.en;
  }

  /** The problem+json body: `title` and `detail` in the reader's language, `message` in both. */
  toProblem(requestId?: string, lang: Lang = 'zh-CN'): Problem {
    const entry = ERROR_CATALOGUE[this.code];
    return {
      type: `https://jinguo.dev/problems/${this.code.toLowerCase().replaceAll('_', '-')}`,
      title: lang === 'en-US' ? entry.en : entry.zh,
      status: this.status,
      code: this.code,
      detail: lang === 'en-US' ? this.en : this.zh,
      message: { 'zh-CN': this.zh, 'en-US': this.en },
      ...(this.field ? { field: this.field } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }
}

export function notFound(code: Extract<ErrorCode, `${string}NOT_FOUND`> = 'NOT_FOUND', field?: string): AppError {
  return new AppError(code, field ? { field } : {});
}

export function fieldError(code: ErrorCode, field: string, zh: string, en: string): AppError {
  return new AppError(code, {
    field,
    zh: `${zh}（${field}）`,
    en: `${en} (${field})`,
    errors: [{ field, code, message: { 'zh-CN': zh, 'en-US': en } }],
  });
}
