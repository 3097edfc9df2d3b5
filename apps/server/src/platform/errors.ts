import { ERROR_CATALOGUE, type ErrorCode, type FieldProblem, type Problem } from '@jinguo/contracts';

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

  toProblem(requestId?: string): Problem {
    return {
      type: `https://jinguo.dev/problems/${this.code.toLowerCase().replaceAll('_', '-')}`,
      title: ERROR_CATALOGUE[this.code].en,
      status: this.status,
      code: this.code,
      detail: this.en,
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
