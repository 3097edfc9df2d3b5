import { Select, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocalize } from '../../i18n';
import { useTagDictionary } from './people.api';
import { categoryLabelKey, tagColor } from './tagColors';

interface Props {
  value?: string[];
  onChange?: (codes: string[]) => void;
  placeholder?: string;
  style?: React.CSSProperties;
  /** In a filter bar the chosen tags collapse into "+N" to keep one line; in a form they all show. */
  compact?: boolean;
  'data-testid'?: string;
}

/** Multi-select over the tag dictionary, grouped by category, matching the Chinese or English name or the code. */
export function TagSelect({ value, onChange, placeholder, style, compact = false, ...rest }: Props) {
  const { t } = useTranslation();
  const localize = useLocalize();
  const dictionary = useTagDictionary();
  const groups = new Map<string, { value: string; label: string; search: string }[]>();
  for (const d of dictionary.data ?? []) {
    const list = groups.get(d.category) ?? [];
    list.push({
      value: d.code,
      label: localize(d.name),
      search: `${d.name['zh-CN']} ${d.name['en-US']} ${d.code}`.toLowerCase(),
    });
    groups.set(d.category, list);
  }
  const category = new Map((dictionary.data ?? []).map((d) => [d.code, d.category]));
  return (
    <Select<string[]>
      mode="multiple"
      allowClear
      data-testid={rest['data-testid']}
      style={style}
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={placeholder ?? t('people.tagsPick')}
      loading={dictionary.isPending}
      maxTagCount={compact ? 'responsive' : undefined}
      showSearch={{
        filterOption: (input, option) =>
          option && 'search' in option ? String(option.search).includes(input.trim().toLowerCase()) : false,
      }}
      options={[...groups].map(([cat, options]) => ({
        label: categoryLabelKey(cat) ? t(categoryLabelKey(cat)!) : cat,
        options,
      }))}
      tagRender={({ label, value: code, closable, onClose }) => (
        <Tag
          color={tagColor(category.get(String(code)))}
          closable={closable}
          onClose={onClose}
          style={{ marginInlineEnd: 4 }}
        >
          {label}
        </Tag>
      )}
    />
  );
}
