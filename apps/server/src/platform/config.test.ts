import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('JINGUO_IMPORT_RETENTION_DAYS', () => {
  const before = process.env.JINGUO_IMPORT_RETENTION_DAYS;
  afterEach(() => {
    if (before === undefined) delete process.env.JINGUO_IMPORT_RETENTION_DAYS;
    else process.env.JINGUO_IMPORT_RETENTION_DAYS = before;
  });

  it('keeps staged import rows 7 days when unset, takes a whole number of days, and refuses less than one', () => {
    delete process.env.JINGUO_IMPORT_RETENTION_DAYS;
    expect(loadConfig().importRetentionDays).toBe(7);
    process.env.JINGUO_IMPORT_RETENTION_DAYS = '30';
    expect(loadConfig().importRetentionDays).toBe(30);
    for (const bad of ['0', '-1', '2.5', 'week']) {
      process.env.JINGUO_IMPORT_RETENTION_DAYS = bad;
      expect(() => loadConfig(), bad).toThrow(/JINGUO_IMPORT_RETENTION_DAYS/);
    }
  });
});
