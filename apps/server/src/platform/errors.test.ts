import { describe, expect, it } from 'vitest';
import { AppError, fieldError, langOf } from './errors.js';

describe("the reader's language of an Accept-Language header", () => {
  it('is zh-CN unless English is preferred among the languages the platform speaks', () => {
    expect(langOf(undefined)).toBe('zh-CN');
    expect(langOf('')).toBe('zh-CN');
    expect(langOf('en-US')).toBe('en-US');
    expect(langOf('en')).toBe('en-US');
    expect(langOf('EN-gb')).toBe('en-US');
    expect(langOf('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(langOf('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en-US');
    expect(langOf('fr-FR, en;q=0.5')).toBe('en-US');
    expect(langOf('fr-FR, de;q=0.5')).toBe('zh-CN');
    expect(langOf('zh;q=0.4, en;q=0.6')).toBe('en-US');
    expect(langOf('en;q=0, zh-TW')).toBe('zh-CN');
    expect(langOf('*')).toBe('zh-CN');
    expect(langOf(['en-US', 'zh-CN;q=0.1'])).toBe('en-US');
    expect(langOf('en;q=abc')).toBe('zh-CN');
  });
});

describe('problem+json of an AppError', () => {
  it("words title and detail in the reader's language and keeps both messages", () => {
    const e = fieldError('VALIDATION_FAILED', 'name', '名称过长', 'the name is too long');
    expect(e.toProblem('r1', 'en-US')).toMatchObject({
      title: 'The submitted data is invalid',
      detail: 'the name is too long (name)',
      message: { 'zh-CN': '名称过长（name）', 'en-US': 'the name is too long (name)' },
      field: 'name',
      requestId: 'r1',
    });
    expect(e.toProblem('r1', 'zh-CN')).toMatchObject({ title: '提交的数据有误', detail: '名称过长（name）' });
    expect(new AppError('NOT_FOUND').toProblem()).toMatchObject({ title: '记录不存在', detail: '记录不存在' });
  });
});
