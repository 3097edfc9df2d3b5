import { z } from 'zod';

/* Places (地点): China's provinces, cities (地级) and districts (县级) by GB/T 2260 code. */

export const PlaceCode = z.string().regex(/^\d{2}(\d{2}(\d{2})?)?$/, '地区代码应为 2、4 或 6 位数字');

/** A place picked from the list: a province, and the city and district below it when known. */
export const PlaceCodesInput = z.strictObject({
  provinceCode: PlaceCode,
  cityCode: PlaceCode.nullable().optional(),
  districtCode: PlaceCode.nullable().optional(),
});
export type PlaceCodesInput = z.infer<typeof PlaceCodesInput>;

/** A coded place: `code` is the most precise of its codes, `name` reads from the province down (上海市 浦东新区). */
export const Place = z.object({
  provinceCode: z.string(),
  cityCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  code: z.string(),
  name: z.string(),
});
export type Place = z.infer<typeof Place>;

/**
 * Why a woman's current place serves no mobile federation and needs a cadre: nothing typed, nothing recognised, more
 * than one place fits, or too coarse (a province where a federation of her home serves one of its cities).
 */
export const PLACE_ISSUES = ['empty', 'unknown', 'ambiguous', 'coarse'] as const;
export type PlaceIssue = (typeof PLACE_ISSUES)[number];
export const PLACE_ISSUE_LABELS: Record<PlaceIssue, string> = {
  empty: '未填写',
  unknown: '无法识别',
  ambiguous: '有重名',
  coarse: '不够具体',
};

/** The place tree for a cascader: provinces with their cities with their districts. */
const PlaceLeaf = z.object({ code: z.string(), name: z.string() });
export const PlaceTreeNode = PlaceLeaf.extend({
  children: z.array(PlaceLeaf.extend({ children: z.array(PlaceLeaf).optional() })).optional(),
});
export type PlaceTreeNode = z.infer<typeof PlaceTreeNode>;
export const PlaceTree = z.object({ items: z.array(PlaceTreeNode) });
