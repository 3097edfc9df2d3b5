import { Tag } from 'antd';
import { ORG_TYPES, type OrgType } from '@jinguo/contracts';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../i18n';

const COLORS: Record<OrgType, string> = {
  city_federation: 'magenta',
  district_federation: 'red',
  functional_zone_federation: 'volcano',
  town_federation: 'orange',
  village_federation: 'gold',
  womens_group: 'green',
  new_sector_federation: 'cyan',
  institution_committee: 'blue',
  university_federation: 'geekblue',
  mobile_federation: 'purple',
  micro_home: 'lime',
};

export function OrgTypeTag({ type, short = false }: { type: OrgType; short?: boolean }) {
  const lang = useLang();
  const { t } = useTranslation();
  // The short form (tree rows, search hits) keeps rows on one line; the full name is its tooltip.
  return short ? (
    <Tag
      color={COLORS[type]}
      title={ORG_TYPES[type][lang]}
      style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}
    >
      {t(`orgTypeShort.${type}`)}
    </Tag>
  ) : (
    <Tag color={COLORS[type]}>{ORG_TYPES[type][lang]}</Tag>
  );
}
