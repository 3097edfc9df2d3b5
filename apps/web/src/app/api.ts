import type { z } from 'zod';
import { Problem } from '@jinguo/contracts';
import i18n from '../i18n';
import { getActingOrg } from './actingOrg';

/** The UI language, sent as Accept-Language: the server words problem titles and details in it. */
export const acceptLanguage = (): 'zh-CN' | 'en-US' => (i18n.language === 'en-US' ? 'en-US' : 'zh-CN');

/** A failed API call, carrying the server's problem+json (or one made up for network failures). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(`${problem.code}: ${problem.detail || problem.title}`);
    this.name = 'ApiError';
  }
  get code(): string {
    return this.problem.code;
  }
}

function localProblem(status: number, code: string, zh: string, en: string): Problem {
  return { type: 'about:blank', title: en, status, code, detail: en, message: { 'zh-CN': zh, 'en-US': en } };
}

type AuthProblemListener = (err: ApiError) => void;
let authProblemListener: AuthProblemListener | null = null;
/** The auth context listens here to send the user to sign-in or to the forced password change. */
export function onAuthProblem(listener: AuthProblemListener): () => void {
  authProblemListener = listener;
  return () => {
    if (authProblemListener === listener) authProblemListener = null;
  };
}

let csrfFallback = '';
/** The token from `me.csrfToken`, used only if the readable cookie is missing. */
export function rememberCsrfToken(token: string): void {
  csrfFallback = token;
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

export type QueryScalar = string | number | boolean | null | undefined;
/** An array is sent as repeated keys (`tag=a&tag=b`). */
export type QueryValue = QueryScalar | readonly (string | number)[];

export interface ApiOptions<S extends z.ZodType | undefined> {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** JSON, or a Blob/File sent as is (application/octet-stream: uploads). */
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** Response schema: the payload is parsed, so a contract drift fails loudly here. */
  schema?: S;
  /** Overrides the acting org for this call (null: send none). */
  actingOrgId?: number | null;
  /** Calls whose 401 is expected (sign-in, who-am-I) do not trigger the global redirect. */
  quietAuth?: boolean;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (Array.isArray(v)) for (const item of v) params.append(k, String(item));
    else if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

/** Sends the request with the session's headers; a non-2xx answer becomes an ApiError. */
async function send(path: string, options: ApiOptions<z.ZodType | undefined>, accept: string): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept, 'accept-language': acceptLanguage() };
  if (method !== 'GET') {
    const token = readCookie('jinguo_csrf') ?? csrfFallback;
    if (token) headers['x-csrf-token'] = token;
  }
  const raw = typeof Blob !== 'undefined' && options.body instanceof Blob;
  if (options.body !== undefined) headers['content-type'] = raw ? 'application/octet-stream' : 'application/json';
  const acting = options.actingOrgId === undefined ? getActingOrg()?.id : options.actingOrgId;
  if (acting !== null && acting !== undefined) headers['x-acting-org'] = String(acting);

  let res: Response;
  try {
    res = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : raw ? (options.body as Blob) : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, localProblem(0, 'NETWORK_ERROR', '无法连接服务器', 'Cannot reach the server'));
  }
  if (!res.ok) {
    const data = parseJson(await res.text());
    const parsed = Problem.safeParse(data);
    const err = new ApiError(
      res.status,
      parsed.success
        ? parsed.data
        : localProblem(res.status, `HTTP_${res.status}`, `请求失败（${res.status}）`, `Request failed (${res.status})`),
    );
    if (!options.quietAuth) authProblemListener?.(err);
    throw err;
  }
  return res;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function api<S extends z.ZodType | undefined = undefined>(
  path: string,
  options: ApiOptions<S> = {},
): Promise<S extends z.ZodType ? z.infer<S> : unknown> {
  const res = await send(path, options, 'application/json');
  const data = res.status === 204 ? undefined : parseJson(await res.text());
  if (!options.schema) return data as S extends z.ZodType ? z.infer<S> : unknown;
  const parsed = options.schema.safeParse(data);
  if (!parsed.success) {
    console.error(
      `Response of ${options.method ?? 'GET'} ${path} does not match the contract`,
      parsed.error.issues,
      data,
    );
    throw new ApiError(
      res.status,
      localProblem(
        res.status,
        'CONTRACT_MISMATCH',
        '服务器返回的数据格式不符',
        'The server response does not match the contract',
      ),
    );
  }
  return parsed.data as S extends z.ZodType ? z.infer<S> : unknown;
}

/** The file name of a `content-disposition` header (RFC 6266: `filename*` with UTF-8 wins). */
export function dispositionFilename(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1] ?? null;
}

/** A file from the API (a workbook, an export) with the session's headers; errors are ApiErrors as for `api`. */
export async function apiDownload(
  path: string,
  options: Omit<ApiOptions<undefined>, 'schema'> = {},
): Promise<{ blob: Blob; filename: string | null }> {
  const res = await send(path, options, '*/*');
  return { blob: await res.blob(), filename: dispositionFilename(res.headers.get('content-disposition')) };
}
