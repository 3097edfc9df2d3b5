import { Space, Tag } from 'antd';
import { useLocalize } from '../../i18n';
import { useTagDictionary } from './people.api';
import { tagColor } from './tagColors';

/** Tags as coloured labels from the dictionary (an unknown code shows as itself). */
export function PersonTags({ codes }: { codes: readonly string[] }) {
  const localize = useLocalize();
  const dictionary = useTagDictionary();
  if (codes.length === 0) return <>—</>;
  const byCode = new Map((dictionary.data ?? []).map((d) => [d.code, d]));
  return (
    <Space size={[0, 4]} wrap>
      {codes.map((code) => {
        const def = byCode.get(code);
        return (
          <Tag key={code} color={tagColor(def?.category)} data-testid={`person-tag-${code}`}>
            {def ? localize(def.name) : code}
          </Tag>
        );
      })}
    </Space>
  );
}
