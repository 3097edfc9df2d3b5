import { z } from 'zod';
import { LocalizedText } from './errors.js';
import { ExportPassword } from './files.js';
import { CARE_SITUATIONS, EDUCATION, PersonSearchQuery } from './people.js';

/*
 * Excel round-trip of the people registry (PRODUCT §2.2): the import template's columns, the Chinese labels its
 * dropdowns offer, the import job's status and preview, and the export query.
 */

/** Columns of the import template, in order. Headers are matched by their Chinese (or English) name, not position. */
export const IMPORT_COLUMNS = [
  { key: 'name', zh: '姓名', en: 'Name', required: true, width: 12 },
  { key: 'idNumber', zh: '身份证号', en: 'ID number', required: false, width: 22 },
  { key: 'gender', zh: '性别', en: 'Gender', required: false, width: 8 },
  { key: 'birthDate', zh: '出生日期', en: 'Birth date', required: false, width: 13 },
  { key: 'phone', zh: '手机号码', en: 'Mobile phone', required: false, width: 15 },
  { key: 'ethnicity', zh: '民族', en: 'Ethnicity', required: false, width: 10 },
  { key: 'education', zh: '文化程度', en: 'Education', required: false, width: 13 },
  { key: 'occupation', zh: '职业', en: 'Occupation', required: false, width: 12 },
  { key: 'householdAddress', zh: '户籍地址', en: 'Household registration address', required: false, width: 30 },
  { key: 'residenceAddress', zh: '居住地址', en: 'Residence address', required: false, width: 30 },
  { key: 'orgCode', zh: '所属组织代码', en: 'Org code', required: true, width: 16 },
  { key: 'tags', zh: '标签', en: 'Tags', required: false, width: 24 },
  { key: 'school', zh: '学校', en: 'School', required: false, width: 20 },
  { key: 'careSituation', zh: '监护情况', en: 'Care situation', required: false, width: 14 },
  { key: 'currentPlace', zh: '现工作地', en: 'Working in now', required: false, width: 20 },
] as const;
export type ImportColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];

export const GENDER_LABELS = { female: '女', male: '男' } as const;

export const EDUCATION_LABELS: Record<(typeof EDUCATION)[number], string> = {
  none: '未上过学',
  primary: '小学',
  junior_high: '初中',
  senior_high: '高中',
  vocational: '中专/职高',
  college: '大专',
  bachelor: '本科',
  master: '硕士研究生',
  doctorate: '博士研究生',
};

export const CARE_SITUATION_LABELS: Record<(typeof CARE_SITUATIONS)[number], string> = {
  with_parents: '随父母生活',
  one_parent_away: '父母一方外出',
  both_parents_away: '父母均外出',
  grandparents: '祖辈照料',
  relatives: '其他亲属照料',
  no_carer: '无人照料',
  institution: '机构养育',
};

/** The 56 ethnic groups (GB 3304 order), plus the catch-all of the census forms. */
export const ETHNICITIES = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
  '其他',
] as const;

/** `discarded`: a preview never committed, its staged rows deleted (by its importer, or after the retention days). */
export const IMPORT_STATUSES = ['validating', 'validated', 'queued', 'running', 'done', 'failed', 'discarded'] as const;
export const ImportStatus = z.enum(IMPORT_STATUSES);

/** One bad cell (or a whole-row problem when `column` is null) with its reason in both languages. */
export const ImportCellProblem = z.object({
  column: z.string().nullable(),
  field: z.string(),
  code: z.string(),
  message: LocalizedText,
});
export type ImportCellProblem = z.infer<typeof ImportCellProblem>;
/** A bad row: `row` is the spreadsheet row number (the header is row 1). */
export const ImportRowProblems = z.object({
  row: z.number().int(),
  name: z.string().nullable(),
  problems: z.array(ImportCellProblem),
});
export type ImportRowProblems = z.infer<typeof ImportRowProblems>;

export const PersonImport = z.object({
  id: z.number().int(),
  filename: z.string(),
  format: z.enum(['xlsx', 'csv']),
  encoding: z.string().nullable(),
  status: ImportStatus,
  org: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  createdBy: z.string(),
  counts: z.object({
    total: z.number().int(),
    valid: z.number().int(),
    invalid: z.number().int(),
    /** Of the valid rows: new persons, changes to persons already registered, rows that change nothing. */
    new: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
  }),
  progress: z.object({ done: z.number().int(), total: z.number().int(), percent: z.number() }),
  /** What the import did (filled as it runs). `refused`: rows that became invalid between preview and import. */
  result: z.object({
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    refused: z.number().int(),
  }),
  error: LocalizedText.nullable(),
  createdAt: z.string(),
  queuedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** When the staged rows (the preview's data, the rows with problems) were deleted; the counts stay. */
  purgedAt: z.string().nullable(),
});
export type PersonImport = z.infer<typeof PersonImport>;

export const IMPORT_PREVIEW_PROBLEM_LIMIT = 1000;
export const ImportPreview = PersonImport.extend({
  columns: z.object({ recognised: z.array(z.string()), ignored: z.array(z.string()) }),
  /**
   * Every bad row with every bad cell, up to IMPORT_PREVIEW_PROBLEM_LIMIT rows; the rest via /problems or errors.xlsx.
   */
  problems: z.array(ImportRowProblems),
  problemsTruncated: z.boolean(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportIdParams = z.object({ importId: z.coerce.number().int().positive() });
export const ImportUploadQuery = z.object({ filename: z.string().trim().min(1).max(200) });
export const ImportProblemsQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const ImportErrorsQuery = z.object({ only: z.enum(['all', 'invalid']).default('all') });

/**
 * The export takes the list's own filters (not its paging). Masked by GET; `unmasked=true` there is refused (naming
 * `password`): the clear values come only as a password-protected file, by POST with PersonUnmaskedExportInput.
 */
export const PersonExportQuery = PersonSearchQuery.omit({ cursor: true, limit: true }).extend({
  unmasked: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  reason: z.string().trim().min(4).max(200).optional(),
});
export type PersonExportQuery = z.infer<typeof PersonExportQuery>;
/** 明文导出: the same filters, a reason (audited) and the password the workbook is encrypted with (never stored). */
export const PersonUnmaskedExportInput = PersonSearchQuery.omit({ cursor: true, limit: true })
  .extend({ reason: z.string().trim().min(4).max(200), password: ExportPassword })
  .strict();
export type PersonUnmaskedExportInput = z.infer<typeof PersonUnmaskedExportInput>;
