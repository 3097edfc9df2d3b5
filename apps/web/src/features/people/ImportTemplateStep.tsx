import { Alert, Button, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { IMPORT_COLUMNS } from '@jinguo/contracts';
import { useLang } from '../../i18n';
import { useDownloadTemplate } from './people-import.api';

/** Step 1: the template (.xlsx with dropdowns, the org codes of the user's subtree and a 说明 sheet). */
export function ImportTemplateStep({ onNext }: { onNext: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const template = useDownloadTemplate();
  const required = IMPORT_COLUMNS.filter((c) => c.required).map((c) => (lang === 'zh-CN' ? c.zh : c.en));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t('imports.templateIntro')}</Typography.Paragraph>
      <Alert
        type="info"
        showIcon
        title={t('imports.templateRules', { required: required.join(lang === 'zh-CN' ? '、' : ', ') })}
      />
      <Space>
        <Button
          type="primary"
          icon={<DownloadOutlined />}
          loading={template.isPending}
          onClick={() => template.mutate()}
          data-testid="import-template-download"
        >
          {t('imports.downloadTemplate')}
        </Button>
        <Button onClick={onNext} data-testid="import-to-upload">
          {t('imports.haveFile')}
        </Button>
      </Space>
    </Space>
  );
}
