import { ID_NUMBER_MESSAGES, maskIdNumber, maskPhone, parseIdNumber, type PersonInput } from '@jinguo/contracts';
import type { FieldCrypto } from '../../platform/crypto.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { pinyinKeys } from '../../platform/pinyin.js';

/**
 * A person's personal fields and lookup hashes, all empty: what an imported row leaves unset when its sheet has no
 * such column, and what retention clears when it anonymises her (decision 0016).
 */
export const NO_PERSONAL_FIELDS = {
  birthDate: null,
  idNumberEnc: null,
  idNumberHash: null,
  idNumberMasked: null,
  phoneEnc: null,
  phoneHash: null,
  phoneMasked: null,
  householdAddressEnc: null,
  residenceAddressEnc: null,
  ethnicity: null,
  education: null,
  occupation: null,
  school: null,
  careSituation: null,
} as const;

/**
 * Turns validated input into stored columns: the ID number is checked (GB 11643) and gives the birth date and gender;
 * a birth date or gender that contradicts it is refused; sensitive values are encrypted, hashed for lookup and masked.
 */
export function personColumns(input: Partial<PersonInput>, crypto: FieldCrypto, today: string) {
  const cols: Record<string, unknown> = {};
  if (input.name !== undefined) Object.assign(cols, { name: input.name }, pinyinKeys(input.name));
  if (input.idNumber !== undefined) {
    if (input.idNumber === null || input.idNumber === '')
      Object.assign(cols, { idNumberEnc: null, idNumberHash: null, idNumberMasked: null });
    else {
      const info = parseIdNumber(input.idNumber, new Date(`${today}T23:59:59Z`));
      if (!info.ok) {
        const m = ID_NUMBER_MESSAGES[info.problem];
        throw new AppError('PERSON_ID_INVALID', {
          field: 'idNumber',
          zh: m['zh-CN'],
          en: m['en-US'],
          errors: [{ field: 'idNumber', code: info.problem, message: m }],
        });
      }
      if (input.birthDate && input.birthDate !== info.birthDate) {
        throw fieldError(
          'PERSON_ID_CONTRADICTION',
          'birthDate',
          `出生日期与身份证号不一致（身份证号为 ${info.birthDate}）`,
          `the birth date contradicts the ID number (which says ${info.birthDate})`,
        );
      }
      if (input.gender && input.gender !== info.gender) {
        throw fieldError(
          'PERSON_ID_CONTRADICTION',
          'gender',
          `性别与身份证号不一致（身份证号为${info.gender === 'female' ? '女' : '男'}）`,
          `the gender contradicts the ID number (which says ${info.gender})`,
        );
      }
      Object.assign(cols, {
        idNumberEnc: crypto.encrypt(info.normalized),
        idNumberHash: crypto.lookupHash(info.normalized),
        idNumberMasked: maskIdNumber(info.normalized),
        birthDate: info.birthDate,
        gender: info.gender,
      });
    }
  }
  if (cols.birthDate === undefined && input.birthDate !== undefined) {
    if (input.birthDate && input.birthDate > today)
      throw fieldError(
        'VALIDATION_FAILED',
        'birthDate',
        '出生日期不能晚于今天',
        'the birth date cannot be in the future',
      );
    cols.birthDate = input.birthDate;
  }
  if (cols.gender === undefined && input.gender !== undefined) cols.gender = input.gender;
  if (input.phone !== undefined) {
    Object.assign(
      cols,
      input.phone
        ? {
            phoneEnc: crypto.encrypt(input.phone),
            phoneHash: crypto.lookupHash(input.phone),
            phoneMasked: maskPhone(input.phone),
          }
        : { phoneEnc: null, phoneHash: null, phoneMasked: null },
    );
  }
  if (input.householdAddress !== undefined)
    cols.householdAddressEnc = input.householdAddress ? crypto.encrypt(input.householdAddress) : null;
  if (input.residenceAddress !== undefined)
    cols.residenceAddressEnc = input.residenceAddress ? crypto.encrypt(input.residenceAddress) : null;
  for (const k of ['ethnicity', 'education', 'occupation', 'school', 'careSituation'] as const)
    if (input[k] !== undefined) cols[k] = input[k];
  return cols;
}
