import { describe, expect, it } from 'vitest';
import { placeData, PROVINCE_ABBREVIATIONS } from './places.data.js';
import { checkPlaceCodes, parsePlace } from './places.parse.js';

const data = placeData();
const code = (text: string | null) => {
  const r = parsePlace(data, text);
  return r.ok ? r.place.code : r.problem;
};

describe('parsePlace', () => {
  it('reads the strings of issue 15 as Shanghai, never as nothing', () => {
    expect(code('上海')).toBe('31');
    expect(code('上海市')).toBe('31');
    expect(code('上海市上海市')).toBe('3101');
    expect(code('沪')).toBe('31');
    expect(code('上海市浦东新区')).toBe('310115');
    expect(code('浦东新区')).toBe('310115');
    expect(code('浦东')).toBe('310115');
    expect(parsePlace(data, '上海市 浦东新区 张江镇').ok && code('上海市 浦东新区 张江镇')).toBe('310115');
  });

  it('reads every province by its full name, short name and 简称', () => {
    expect(Object.keys(PROVINCE_ABBREVIATIONS)).toHaveLength(34);
    for (const p of data.provinces) {
      expect(code(p.name)).toBe(p.code);
      for (const a of p.aliases) expect(code(a)).toBe(p.code);
      for (const a of PROVINCE_ABBREVIATIONS[p.code]!) expect(code(a)).toBe(p.code);
    }
    expect(code('渝')).toBe('50');
    expect(code('内蒙古')).toBe('15');
    expect(code('广西壮族自治区')).toBe('45');
  });

  it('goes down through cities and districts, and takes a city named like its province', () => {
    expect(code('广东省深圳市')).toBe('4403');
    expect(code('广东深圳南山区')).toBe('440305');
    expect(code('深圳市')).toBe('4403');
    expect(code('重庆市开州区')).toBe('500154');
    expect(code('吉林市')).toBe('2202');
    expect(code('恩施州')).toBe('4228');
    expect(code('北京市朝阳区')).toBe('110105');
  });

  it('says empty, unknown or ambiguous instead of guessing', () => {
    expect(code('')).toBe('empty');
    expect(code('   ')).toBe('empty');
    expect(code(null)).toBe('empty');
    expect(code('火星')).toBe('unknown');
    const r = parsePlace(data, '朝阳区');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.candidates.map((c) => c.code).sort()).toEqual(['110105', '220104']);
  });

  it('names a place from the province down, without a repeated municipality', () => {
    const r = parsePlace(data, '上海市浦东新区');
    expect(r.ok && r.place).toEqual({
      provinceCode: '31',
      cityCode: '3101',
      districtCode: '310115',
      code: '310115',
      name: '上海市 浦东新区',
    });
  });
});

describe('checkPlaceCodes', () => {
  it('accepts codes that exist and nest, and names the field that does not', () => {
    expect(checkPlaceCodes(data, { provinceCode: '31', cityCode: '3101', districtCode: '310115' })).toMatchObject({
      ok: true,
      place: { code: '310115' },
    });
    expect(checkPlaceCodes(data, { provinceCode: '31', districtCode: '310115' })).toMatchObject({ ok: true });
    expect(checkPlaceCodes(data, { provinceCode: '99' })).toEqual({ ok: false, field: 'provinceCode' });
    expect(checkPlaceCodes(data, { provinceCode: '3101' })).toEqual({ ok: false, field: 'provinceCode' });
    expect(checkPlaceCodes(data, { provinceCode: '31', cityCode: '4403' })).toEqual({ ok: false, field: 'cityCode' });
    expect(checkPlaceCodes(data, { provinceCode: '44', cityCode: '4403', districtCode: '310115' })).toEqual({
      ok: false,
      field: 'districtCode',
    });
  });
});
