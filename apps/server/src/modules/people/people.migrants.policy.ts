import type { MigrantProfileInput, PlaceCodesInput, PlaceIssue } from '@jinguo/contracts';
import { fieldError } from '../../platform/errors.js';
import { checkPlaceCodes, parsePlace, placeOf, type PlaceCodes, type PlaceData } from '../../platform/places/index.js';

/** Where a migrant woman is now and where she is from, as place codes: pure rules over the place list. */

export interface CurrentPlace {
  place: PlaceCodes | null;
  /** What was typed, when it was typed. */
  text: string | null;
  /** Why it has no codes; null when it has. */
  issue: Exclude<PlaceIssue, 'coarse'> | null;
}

function picked(data: PlaceData, field: string, codes: PlaceCodesInput): PlaceCodes {
  const r = checkPlaceCodes(data, codes);
  if (r.ok) return r.place;
  const messages = {
    provinceCode: ['省级地区代码不存在', 'no province has this code'],
    cityCode: ['市级地区代码不存在或不属于所选省份', 'no city of the chosen province has this code'],
    districtCode: ['区县代码不存在或不属于所选省份、城市', 'no district of the chosen province and city has this code'],
  } as const;
  const [zh, en] = messages[r.field];
  throw fieldError('VALIDATION_FAILED', `${field}.${r.field}`, zh, en);
}

const joined = (...parts: (string | null | undefined)[]) =>
  parts
    .map((p) => p?.trim())
    .filter(Boolean)
    .join(' ') || null;

/**
 * Her current place: picked codes (checked: a code that does not exist or nest is refused, naming the field), else the
 * typed text read tolerantly. Text that names no single place is kept with its issue, for a cadre to fix: never
 * refused and never dropped.
 */
export function currentPlaceOf(data: PlaceData, input: MigrantProfileInput): CurrentPlace {
  if (input.currentPlace) return { place: picked(data, 'currentPlace', input.currentPlace), text: null, issue: null };
  const text =
    input.currentPlaceText !== undefined && input.currentPlaceText !== null
      ? joined(input.currentPlaceText)
      : joined(input.currentProvince, input.currentCity);
  const parsed = parsePlace(data, text);
  return parsed.ok ? { place: parsed.place, text, issue: null } : { place: null, text, issue: parsed.problem };
}

/**
 * Her home place: picked or typed (typed text must name one place: 400 naming the field otherwise), else the
 * division of her home org (its first six digits are her district: 500154001001 → 500154 开州区).
 */
export function homePlaceOf(
  data: PlaceData,
  input: MigrantProfileInput,
  homeDivision: string | null,
): PlaceCodes | null {
  if (input.homePlace) return picked(data, 'homePlace', input.homePlace);
  const text = joined(input.homePlaceText);
  if (text) {
    const parsed = parsePlace(data, text);
    if (parsed.ok) return parsed.place;
    throw fieldError(
      'VALIDATION_FAILED',
      'homePlaceText',
      parsed.problem === 'ambiguous'
        ? `“${text}”有多个同名地区，请写明省市（如 ${parsed.candidates.map((c) => c.name).join('、')}）`
        : `无法识别户籍地“${text}”，请从列表中选择`,
      parsed.problem === 'ambiguous'
        ? `"${text}" names several places; add the province or city`
        : `"${text}" names no known place; pick it from the list`,
    );
  }
  if (!homeDivision) return null;
  for (const length of [6, 4, 2]) {
    const place = placeOf(data, homeDivision.slice(0, length));
    if (place) return place;
  }
  return null;
}

/** The most precise code of a stored place, with its names, or null. */
export function storedPlace(
  data: PlaceData,
  codes: { province: string | null; city: string | null; district: string | null },
): PlaceCodes | null {
  const code = codes.district ?? codes.city ?? codes.province;
  return code ? placeOf(data, code) : null;
}
