import { Alert, Button, Space, Upload } from 'antd';
import { InboxOutlined, LoadingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '@jinguo/contracts';
import { errorText } from '../../app/notify';
import { useUploadImport } from './people-import.api';

/** Step 2: an .xlsx or .csv (UTF-8 or GBK); the server checks every row and answers with the preview. */
export function ImportUploadStep({
  onUploaded,
  onBack,
}: {
  onUploaded: (preview: ImportPreview) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const upload = useUploadImport();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div data-testid="import-upload">
        <Upload.Dragger
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={upload.isPending}
          beforeUpload={(file) => {
            upload.mutate(file, { onSuccess: onUploaded });
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">{upload.isPending ? <LoadingOutlined /> : <InboxOutlined />}</p>
          <p className="ant-upload-text">{upload.isPending ? t('imports.checking') : t('imports.dropHere')}</p>
          <p className="ant-upload-hint">{t('imports.uploadHint')}</p>
        </Upload.Dragger>
      </div>
      {upload.error && (
        <Alert type="error" showIcon title={errorText(upload.error)} data-testid="import-upload-error" />
      )}
      <Button onClick={onBack}>{t('imports.back')}</Button>
    </Space>
  );
}
