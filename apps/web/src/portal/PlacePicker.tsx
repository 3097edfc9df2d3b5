import { useState } from 'react';
import { Select, Space } from 'antd';
import { useT } from './i18n';
import { usePlaces } from './portal.api';

/** District → town → village, from the public org names. Calls onChange with the village (or the town, if `townOk`). */
export function PlacePicker({ onChange, townOk = false }: { onChange: (id: number | null) => void; townOk?: boolean }) {
  const { t } = useT();
  const [district, setDistrict] = useState<number>();
  const [town, setTown] = useState<number>();
  const districts = usePlaces(undefined);
  const towns = usePlaces(district, district !== undefined);
  const villages = usePlaces(town, town !== undefined);
  const opts = (xs: { id: number; name: string }[] | undefined) =>
    (xs ?? []).map((x) => ({ value: x.id, label: x.name }));
  const filter = (input: string, o?: { label: string }) => (o?.label ?? '').includes(input);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select
        showSearch
        filterOption={filter}
        placeholder={t('district')}
        value={district}
        options={opts(districts.data)}
        data-testid="place-district"
        onChange={(v: number) => {
          setDistrict(v);
          setTown(undefined);
          onChange(null);
        }}
        style={{ width: '100%' }}
      />
      <Select
        showSearch
        filterOption={filter}
        placeholder={t('town')}
        value={town}
        options={opts(towns.data)}
        disabled={district === undefined}
        data-testid="place-town"
        onChange={(v: number) => {
          setTown(v);
          onChange(townOk ? v : null);
        }}
        style={{ width: '100%' }}
      />
      <Select
        showSearch
        filterOption={filter}
        placeholder={t('village')}
        options={opts(villages.data)}
        disabled={town === undefined}
        data-testid="place-village"
        onChange={(v: number) => onChange(v)}
        style={{ width: '100%' }}
      />
    </Space>
  );
}
