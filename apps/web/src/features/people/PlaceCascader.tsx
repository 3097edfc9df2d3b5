import { Cascader } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Place, PlaceCodesInput } from '@jinguo/contracts';
import { usePlaceTree } from './migrants.api';

/** A place as the cascader holds it: the codes from the province down (['31', '3101', '310115']). */
export type PlacePath = string[];

export const placePath = (p: Place | null | undefined): PlacePath | undefined =>
  p ? ([p.provinceCode, p.cityCode, p.districtCode].filter(Boolean) as string[]) : undefined;

export const placeCodes = (path: PlacePath | undefined): PlaceCodesInput | null =>
  path?.length ? { provinceCode: path[0]!, cityCode: path[1] ?? null, districtCode: path[2] ?? null } : null;

/**
 * Province → city → district, searchable (type 浦东 or 上海); any level may be chosen, so a woman known only to be in
 * 上海 is picked as 上海市.
 */
export function PlaceCascader({
  value,
  onChange,
  placeholder,
  style,
  'data-testid': testId,
}: {
  value?: PlacePath | undefined;
  onChange?: (v: PlacePath | undefined) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const tree = usePlaceTree();
  return (
    <Cascader
      value={value}
      onChange={(v) => onChange?.(v?.length ? v.map(String) : undefined)}
      options={tree.data?.items ?? []}
      loading={tree.isPending}
      fieldNames={{ label: 'name', value: 'code', children: 'children' }}
      changeOnSelect
      showSearch={{
        filter: (input, path) => path.some((o) => String(o.name).includes(input.trim())),
        limit: 50,
      }}
      allowClear
      placeholder={placeholder ?? t('people.migrant.placePlaceholder')}
      style={style}
      data-testid={testId}
    />
  );
}
