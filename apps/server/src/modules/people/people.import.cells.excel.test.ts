import { describe, expect, it } from 'vitest';
import { checkCharacter } from '@jinguo/contracts';
import { excelGeneral, findHeader, rowCells } from './people.import.cells.excel.js';

const HEADER = ['姓名', '身份证号', '出生日期', '所属组织代码'];

describe('findHeader', () => {
  it('takes row 1 when it names the required columns, and never merges the first data row into it', () => {
    const { header, last } = findHeader([HEADER, ['手机号码', '5.00154E+17', '33000', '500154001001']]);
    expect(last).toBe(0);
    expect(header.columns).toEqual(['name', 'idNumber', 'birthDate', 'orgCode']);
  });

  it('reads full-width and starred names (姓名＊, 所属组织代码（必填）)', () => {
    const { header } = findHeader([['姓名＊', '身份证号', '出生日期', '所属组织代码（必填）']]);
    expect(header.columns).toEqual(['name', 'idNumber', 'birthDate', 'orgCode']);
  });

  it('still names a duplicate column, wherever the header is', () => {
    expect(() => findHeader([['登记表'], [...HEADER, '姓名']])).toThrow(/"姓名" appears twice/);
  });
});

describe('rowCells', () => {
  const { header } = findHeader([HEADER]);

  it('keeps an ID number ending in 000 whose check character fits: it may be real', () => {
    let first17 = '';
    for (let n = 0; ; n++) {
      first17 = `5001541990030${String(n).padStart(2, '0')}00`;
      if (checkCharacter(first17) === '0') break;
    }
    const r = rowCells(header, ['某人', `${first17}0`, null, '500154001001']);
    expect(r.idWasNumber).toBe(false);
    expect(r.cells.idNumber).toBe(`${first17}0`);
  });

  it('a fractional serial date (a date and time) is its day', () => {
    expect(rowCells(header, ['某人', null, 33000.75, 'x']).cells.birthDate).toBe('1990-05-07');
    expect(rowCells(header, ['某人', null, '33000.75', 'x']).cells.birthDate).toBe('1990-05-07');
  });
});

describe('excelGeneral', () => {
  it('shows large numbers as Excel does, small ones as they are', () => {
    expect(excelGeneral(500154199003081000)).toBe('5.00154E+17');
    expect(excelGeneral(500000000000000000)).toBe('5E+17');
    expect(excelGeneral(12345)).toBe('12345');
  });
});
