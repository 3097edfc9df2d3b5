import { describe, expect, it } from 'vitest';
import { federationToday } from './dates';

describe('federationToday', () => {
  it('is the China date, not the UTC date, just after midnight in Chongqing', () => {
    // 2026-11-29T20:30Z is 04:30 on 2026-11-30 in Chongqing.
    expect(federationToday(Date.parse('2026-11-29T20:30:00Z')).format('YYYY-MM-DD')).toBe('2026-11-30');
    expect(federationToday(Date.parse('2026-11-29T10:00:00Z')).format('YYYY-MM-DD')).toBe('2026-11-29');
  });
});
