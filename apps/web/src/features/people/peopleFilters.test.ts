import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, isFiltered, toFilters, toSavedQuery } from './peopleFilters';

describe('people filters', () => {
  it('read URL parameters and saved queries, dropping what is malformed', () => {
    expect(
      toFilters({
        q: ' zxm ',
        orgId: '7411',
        tag: ['volunteer', 'Bad Tag'],
        ageMin: '30',
        ageMax: 'x',
        gender: 'other',
        sort: 'birthDate',
        order: 'desc',
      }),
    ).toEqual({
      q: 'zxm',
      orgId: 7411,
      tags: ['volunteer'],
      ageMin: 30,
      ageMax: undefined,
      gender: undefined,
      sort: 'birthDate',
      order: 'desc',
    });
    expect(toFilters({ tag: 'low_income', orgId: 0, sort: 'age' })).toMatchObject({
      tags: ['low_income'],
      orgId: undefined,
      sort: 'name',
      order: 'asc',
    });
  });

  it('save only what differs from the defaults, and read back the same', () => {
    const f = { ...EMPTY_FILTERS, q: '张', tags: ['disabled', 'low_income'], ageMin: 0, gender: 'female' as const };
    const saved = toSavedQuery(f);
    expect(saved).toEqual({ q: '张', tag: ['disabled', 'low_income'], ageMin: 0, gender: 'female' });
    expect(toFilters(saved)).toEqual({ ...f, orgId: undefined, ageMax: undefined });
  });

  it('a sort order alone is not a filter', () => {
    expect(isFiltered({ ...EMPTY_FILTERS, sort: 'createdAt', order: 'desc' })).toBe(false);
    expect(isFiltered({ ...EMPTY_FILTERS, ageMax: 18 })).toBe(true);
  });
});
