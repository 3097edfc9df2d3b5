import {
  CARE_SITUATION_LABELS,
  EDUCATION_LABELS,
  ETHNICITIES,
  GENDER_LABELS,
  ID_NUMBER_MESSAGES,
  IMPORT_COLUMNS,
  MobilePhone,
  parseIdNumber,
  type ImportCellProblem,
  type ImportColumnKey,
  type PersonInput,
} from '@jinguo/contracts';
import type { FieldCrypto } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import { parsePlace, placeData, type PlaceProblem } from '../../platform/places/index.js';
import type { Cells } from './people.import.cells.excel.js';
import { personColumns } from './people.policy.js';

/** One import row checked cell by cell: every bad cell is reported, not only the first. */

const HEADER_OF = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, c.zh])) as Record<ImportColumnKey, string>;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export interface OrgRef {
  id: number;
  code: string;
  path: string;
  districtId: number | null;
  status: string;
}

export interface RowEnv {
  crypto: FieldCrypto;
  today: string;
  /** The org with this code inside the importer's subtree, or null (absent or outside: indistinguishable). */
  org(code: string): OrgRef | null;
  /** Tag code or Chinese name (lower-cased) → tag code. */
  tags: Map<string, string>;
  /** The pinyin keys of a name (cached: names repeat across a file). */
  pinyin(name: string): { namePinyin: string; nameInitials: string };
}

/** A valid row, ready to store: personal fields encrypted, hashed and masked by personColumns(). */
export interface PreparedPerson {
  cols: Record<string, unknown>;
  orgId: number;
  orgCode: string;
  orgPath: string;
  districtId: number | null;
  tags: string[];
  /** 现工作地, read tolerantly: its codes, or the issue that lists it for a cadre (never a refusal). */
  migrant?: ImportedPlace | null;
}

export interface ImportedPlace {
  text: string;
  /** The names of its province and city, as the API stores them. */
  province: string | null;
  city: string | null;
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
  issue: PlaceProblem | null;
}

/** A typed current place: its codes when it names one place; else kept as typed with why it does not. */
export function importedPlace(text: string): ImportedPlace {
  const data = placeData();
  const parsed = parsePlace(data, text);
  return parsed.ok
    ? {
        text,
        province: data.byCode.get(parsed.place.provinceCode)!.name,
        city: parsed.place.cityCode ? data.byCode.get(parsed.place.cityCode)!.name : null,
        provinceCode: parsed.place.provinceCode,
        cityCode: parsed.place.cityCode,
        districtCode: parsed.place.districtCode,
        issue: null,
      }
    : {
        text,
        province: null,
        city: null,
        provinceCode: null,
        cityCode: null,
        districtCode: null,
        issue: parsed.problem,
      };
}

export type CheckedRow =
  | { rowNo: number; name: string | null; ok: true; person: PreparedPerson; idHash: string | null; dupKey: string }
  | { rowNo: number; name: string | null; ok: false; problems: ImportCellProblem[]; cells: Cells };

export function problem(key: ImportColumnKey | null, code: string, zh: string, en: string): ImportCellProblem {
  return { column: key ? HEADER_OF[key] : null, field: key ?? 'row', code, message: { 'zh-CN': zh, 'en-US': en } };
}

const GENDERS = new Map<string, 'female' | 'male'>([
  ['女', 'female'],
  ['男', 'male'],
  ['female', 'female'],
  ['male', 'male'],
  ['f', 'female'],
  ['m', 'male'],
  ['女性', 'female'],
  ['男性', 'male'],
]);
const EDUCATIONS = new Map<string, string>();
for (const [code, label] of Object.entries(EDUCATION_LABELS))
  for (const k of [code, label, ...label.split('/')]) EDUCATIONS.set(k.toLowerCase(), code);
for (const [alias, code] of [
  ['文盲', 'none'],
  ['无', 'none'],
  ['中专', 'vocational'],
  ['职高', 'vocational'],
  ['中职', 'vocational'],
  ['技校', 'vocational'],
  ['大学本科', 'bachelor'],
  ['硕士', 'master'],
  ['研究生', 'master'],
  ['博士', 'doctorate'],
  ['专科', 'college'],
  ['高职', 'college'],
] as const)
  EDUCATIONS.set(alias, code);
const CARES = new Map<string, string>();
for (const [code, label] of Object.entries(CARE_SITUATION_LABELS))
  for (const k of [code, label]) CARES.set(k.toLowerCase(), code);
const ETHNIC = new Set<string>(ETHNICITIES);

function parseDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return isoDate(date);
}

function normalizePhone(text: string): string {
  let p = text.replace(/[\s\-()（）]/g, '');
  if (/^\+?86\d{11}$/.test(p)) p = p.replace(/^\+?86/, '');
  return p;
}

export const splitTags = (text: string) =>
  text
    .split(/[、,，;；|\s/]+/)
    .map((t) => t.trim())
    .filter(Boolean);

/**
 * Checks every cell, then — when the ID number, birth date and gender cells are themselves well-formed — lets
 * personColumns() apply the registry's own rules (GB 11643 check, contradictions) and encrypt the personal fields.
 */
export function checkRow(rowNo: number, cells: Cells, idWasNumber: boolean, env: RowEnv): CheckedRow {
  const problems: ImportCellProblem[] = [];
  const input: Partial<PersonInput> = {};
  const name = cells.name ?? null;
  if (!name) problems.push(problem('name', 'required', '姓名不能为空', 'the name is required'));
  else if (name.length > 50)
    problems.push(
      problem('name', 'too_big', '姓名过长（最多 50 个字）', 'the name is too long (at most 50 characters)'),
    );
  else input.name = name;

  if (idWasNumber) {
    problems.push(
      problem(
        'idNumber',
        'number',
        '身份证号被 Excel 存成了数字，末几位已丢失：请把该列设为“文本”格式后重新填写',
        'Excel stored the ID number as a number and lost its last digits: format the column as Text and type it again',
      ),
    );
  } else if (cells.idNumber) {
    const info = parseIdNumber(cells.idNumber.replace(/\s/g, ''), new Date(`${env.today}T23:59:59Z`));
    if (!info.ok) {
      const m = ID_NUMBER_MESSAGES[info.problem];
      problems.push(problem('idNumber', info.problem, m['zh-CN'], m['en-US']));
    } else input.idNumber = info.normalized;
  }
  let genderOk = true;
  if (cells.gender) {
    const g = GENDERS.get(cells.gender.toLowerCase());
    if (g) input.gender = g;
    else {
      genderOk = false;
      problems.push(
        problem(
          'gender',
          'invalid_value',
          `性别应填“${GENDER_LABELS.female}”或“${GENDER_LABELS.male}”`,
          'the gender must be 女 (female) or 男 (male)',
        ),
      );
    }
  }
  let birthOk = true;
  if (cells.birthDate) {
    const d = parseDate(cells.birthDate);
    if (!d) {
      birthOk = false;
      problems.push(
        problem(
          'birthDate',
          'invalid_format',
          '出生日期格式应为 YYYY-MM-DD（如 1990-03-08）',
          'the birth date must be a date as YYYY-MM-DD (e.g. 1990-03-08)',
        ),
      );
    } else if (d > env.today) {
      birthOk = false;
      problems.push(problem('birthDate', 'future', '出生日期不能晚于今天', 'the birth date cannot be in the future'));
    } else input.birthDate = d;
  }
  if (cells.phone) {
    const p = normalizePhone(cells.phone);
    if (MobilePhone.safeParse(p).success) input.phone = p;
    else
      problems.push(
        problem(
          'phone',
          'invalid_format',
          '手机号码应为 11 位数字，以 1 开头',
          'the mobile phone number must have 11 digits and start with 1',
        ),
      );
  }
  if (cells.ethnicity) {
    const e = ETHNIC.has(cells.ethnicity)
      ? cells.ethnicity
      : ETHNIC.has(`${cells.ethnicity}族`)
        ? `${cells.ethnicity}族`
        : null;
    if (e) input.ethnicity = e;
    else
      problems.push(
        problem(
          'ethnicity',
          'invalid_value',
          `民族“${cells.ethnicity}”不在列表中（如“汉族”“土家族”）`,
          `"${cells.ethnicity}" is not an ethnic group of the list (e.g. 汉族, 土家族)`,
        ),
      );
  }
  if (cells.education) {
    const e = EDUCATIONS.get(cells.education.toLowerCase());
    if (e) input.education = e as PersonInput['education'];
    else
      problems.push(
        problem(
          'education',
          'invalid_value',
          `文化程度应为下拉列表中的一项（${Object.values(EDUCATION_LABELS).join('、')}）`,
          `the education must be one of the list (${Object.keys(EDUCATION_LABELS).join(', ')})`,
        ),
      );
  }
  if (cells.careSituation) {
    const c = CARES.get(cells.careSituation.toLowerCase());
    if (c) input.careSituation = c as PersonInput['careSituation'];
    else
      problems.push(
        problem(
          'careSituation',
          'invalid_value',
          `监护情况应为下拉列表中的一项（${Object.values(CARE_SITUATION_LABELS).join('、')}）`,
          'the care situation must be one of the list',
        ),
      );
  }
  for (const [key, max] of [
    ['occupation', 50],
    ['school', 100],
    ['householdAddress', 200],
    ['residenceAddress', 200],
  ] as const) {
    const v = cells[key];
    if (v === undefined) continue;
    if (v.length > max)
      problems.push(
        problem(key, 'too_big', `${HEADER_OF[key]}过长（最多 ${max} 个字）`, `too long (at most ${max} characters)`),
      );
    else input[key] = v;
  }
  let migrant: ImportedPlace | null = null;
  if (cells.currentPlace !== undefined) {
    if (cells.currentPlace.length > 100)
      problems.push(
        problem('currentPlace', 'too_big', '现工作地过长（最多 100 个字）', 'too long (at most 100 characters)'),
      );
    else migrant = importedPlace(cells.currentPlace);
  }
  let org: OrgRef | null = null;
  if (!cells.orgCode) problems.push(problem('orgCode', 'required', '所属组织代码不能为空', 'the org code is required'));
  else {
    org = env.org(cells.orgCode);
    if (!org) {
      problems.push(
        problem(
          'orgCode',
          'out_of_scope',
          `组织代码“${cells.orgCode}”不存在或不在您的管辖范围内：只能导入到本辖区的组织`,
          `the org code "${cells.orgCode}" does not exist or is outside your scope: rows can only be imported into orgs of your subtree`,
        ),
      );
    } else if (org.status !== 'active') {
      problems.push(
        problem(
          'orgCode',
          'org_inactive',
          `组织“${cells.orgCode}”已撤销或合并，请改用现在的组织代码`,
          `the org "${cells.orgCode}" was dissolved or merged; use its current code`,
        ),
      );
      org = null;
    }
  }
  const tags: string[] = [];
  if (cells.tags) {
    const unknown: string[] = [];
    for (const t of splitTags(cells.tags)) {
      const code = env.tags.get(t.toLowerCase());
      if (code) {
        if (!tags.includes(code)) tags.push(code);
      } else unknown.push(t);
    }
    if (unknown.length)
      problems.push(
        problem('tags', 'unknown_tag', `标签不存在：${unknown.join('、')}`, `unknown tags: ${unknown.join(', ')}`),
      );
  }

  // The registry's rules on ID number, birth date and gender together; only when each cell is well-formed on its own.
  let cols: Record<string, unknown> | null = null;
  if (input.name && !problems.some((p) => p.field === 'idNumber') && genderOk && birthOk) {
    try {
      const { name: personName, ...rest } = input;
      cols = personColumns(rest, env.crypto, env.today);
      Object.assign(cols, { name: personName }, env.pinyin(personName));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const field = (err.errors?.[0]?.field ?? err.field ?? 'idNumber') as ImportColumnKey;
      const key = (IMPORT_COLUMNS.some((c) => c.key === field) ? field : 'idNumber') as ImportColumnKey;
      const zh = err.errors?.[0]?.message['zh-CN'] ?? err.zh;
      const en = err.errors?.[0]?.message['en-US'] ?? err.en;
      problems.push(
        problem(
          key,
          err.errors?.[0]?.code ?? err.code,
          zh.replace(/（[a-zA-Z]+）$/, ''),
          en.replace(/ \([a-zA-Z]+\)$/, ''),
        ),
      );
    }
  }
  if (problems.length || !cols || !org) return { rowNo, name, ok: false, problems, cells };
  const idHash = (cols.idNumberHash as string | null | undefined) ?? null;
  const dupKey = idHash
    ? `id:${input.idNumber}`
    : `row:${org.id}|${input.name}|${(cols.birthDate as string | undefined) ?? ''}|${input.phone ?? ''}`;
  return {
    rowNo,
    name,
    ok: true,
    idHash,
    dupKey,
    person: {
      cols,
      orgId: org.id,
      orgCode: org.code,
      orgPath: org.path,
      districtId: org.districtId,
      tags,
      ...(migrant && { migrant }),
    },
  };
}
