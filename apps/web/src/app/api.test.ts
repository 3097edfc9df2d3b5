import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { api, ApiError, apiDownload, buildUrl, dispositionFilename, onAuthProblem } from './api';
import { clearActingOrg, initActingOrg } from './actingOrg';
import i18n from '../i18n';

const home = { id: 7, code: '500154', name: '开州区妇联', type: 'district_federation' as const };
const problem = (status: number, code: string) => ({
  type: 'about:blank',
  title: code,
  status,
  code,
  detail: code,
  message: { 'zh-CN': '中文', 'en-US': 'English' },
});

let calls: { url: string; init: RequestInit }[] = [];
function respond(status: number, body: unknown, contentType = 'application/json') {
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': contentType },
    });
  });
}
const headersOf = (i = 0) => (calls[i]?.init.headers ?? {}) as Record<string, string>;

beforeEach(() => {
  calls = [];
  vi.stubGlobal('document', { cookie: 'other=1; jinguo_csrf=tok%2Ben' });
  vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined });
  initActingOrg({ id: 1, homeOrg: home });
});
afterEach(() => {
  clearActingOrg();
  vi.unstubAllGlobals();
});

describe('api client', () => {
  it('builds /api/v1 URLs, dropping empty query values', () => {
    expect(buildUrl('/users', { q: '', cursor: undefined, limit: 50, at: null })).toBe('/api/v1/users?limit=50');
  });

  it('sends arrays as repeated keys', () => {
    expect(buildUrl('/people', { tag: ['a', 'b'], q: 'x', none: [] })).toBe('/api/v1/people?tag=a&tag=b&q=x');
  });

  it('sends a Blob body as is, as an octet stream, with the CSRF token', async () => {
    respond(201, { id: 1 });
    const file = new Blob(['姓名\n张三'], { type: 'text/csv' });
    await api('/people/imports', { method: 'POST', body: file, query: { filename: 'a.csv' } });
    expect(headersOf()['content-type']).toBe('application/octet-stream');
    expect(headersOf()['x-csrf-token']).toBe('tok+en');
    expect(calls[0]?.init.body).toBe(file);
    expect(calls[0]?.url).toBe('/api/v1/people/imports?filename=a.csv');
  });

  it('downloads a file with its name, and turns a problem into an ApiError', async () => {
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response('xlsx-bytes', {
        status: 200,
        headers: {
          'content-disposition': `attachment; filename="__.xlsx"; filename*=UTF-8''${encodeURIComponent('人员名单.xlsx')}`,
        },
      });
    });
    const { blob, filename } = await apiDownload('/people/export.xlsx', { query: { tag: ['a'] } });
    expect(filename).toBe('人员名单.xlsx');
    expect(await blob.text()).toBe('xlsx-bytes');
    expect(headersOf()['x-acting-org']).toBe('7');
    respond(403, problem(403, 'FORBIDDEN'), 'application/problem+json');
    await expect(apiDownload('/people/export.xlsx')).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('reads plain and RFC 5987 file names', () => {
    expect(dispositionFilename('attachment; filename="a.xlsx"')).toBe('a.xlsx');
    expect(dispositionFilename(null)).toBeNull();
  });

  it('asks for problems in the UI language: Chinese by default, English once the reader switches', async () => {
    respond(400, problem(400, 'VALIDATION_FAILED'), 'application/problem+json');
    await expect(api('/organizations', { method: 'POST', body: {} })).rejects.toBeInstanceOf(ApiError);
    expect(headersOf()['accept-language']).toBe('zh-CN');
    await i18n.changeLanguage('en-US');
    try {
      await expect(api('/organizations', { method: 'POST', body: {} })).rejects.toBeInstanceOf(ApiError);
      expect(headersOf(1)['accept-language']).toBe('en-US');
      respond(200, 'bytes', 'application/octet-stream');
      await apiDownload('/people/export.xlsx');
      expect(headersOf(2)['accept-language']).toBe('en-US');
    } finally {
      await i18n.changeLanguage('zh-CN');
    }
  });

  it('sends the acting org on reads, and no CSRF token', async () => {
    respond(200, { ok: true });
    await api('/organizations/roots');
    expect(headersOf()['x-acting-org']).toBe('7');
    expect(headersOf()['x-csrf-token']).toBeUndefined();
    expect(calls[0]?.init.credentials).toBe('same-origin');
  });

  it('sends the CSRF cookie on writes, and a JSON content type only with a body', async () => {
    respond(200, {});
    await api('/organizations', { method: 'POST', body: { name: 'x' } });
    await api('/audit/verify', { method: 'POST' });
    expect(headersOf(0)['x-csrf-token']).toBe('tok+en');
    expect(headersOf(0)['content-type']).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{"name":"x"}');
    expect(headersOf(1)['content-type']).toBeUndefined();
    expect(calls[1]?.init.body).toBeUndefined();
  });

  it('can override or omit the acting org', async () => {
    respond(200, {});
    await api('/organizations/roots', { actingOrgId: 3 });
    await api('/auth/me', { actingOrgId: null });
    expect(headersOf(0)['x-acting-org']).toBe('3');
    expect(headersOf(1)['x-acting-org']).toBeUndefined();
  });

  it('turns problem+json into an ApiError and tells the auth listener, unless quiet', async () => {
    respond(401, problem(401, 'SESSION_EXPIRED'), 'application/problem+json');
    const seen: string[] = [];
    const off = onAuthProblem((e) => seen.push(e.code));
    await expect(api('/users')).rejects.toMatchObject({ status: 401, code: 'SESSION_EXPIRED' });
    await expect(api('/auth/me', { quietAuth: true })).rejects.toBeInstanceOf(ApiError);
    off();
    expect(seen).toEqual(['SESSION_EXPIRED']);
  });

  it('parses responses with the contract schema and reports drift', async () => {
    respond(200, { id: 1, extra: 'dropped' });
    await expect(api('/x', { schema: z.object({ id: z.number() }) })).resolves.toEqual({ id: 1 });
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    respond(200, { id: 'one' });
    await expect(api('/x', { schema: z.object({ id: z.number() }) })).rejects.toMatchObject({
      code: 'CONTRACT_MISMATCH',
    });
    expect(quiet).toHaveBeenCalledOnce();
  });

  it('returns undefined for 204', async () => {
    respond(204, null);
    await expect(api('/spaces/1', { method: 'DELETE' })).resolves.toBeUndefined();
  });
});
