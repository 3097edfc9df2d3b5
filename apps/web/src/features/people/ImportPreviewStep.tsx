import { Alert, Button, Col, Popconfirm, Row, Space, Statistic, Tag, Typography } from 'antd';
import { CloudUploadOutlined, DeleteOutlined, DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ImportPreview, PersonImport } from '@jinguo/contracts';
import { useCommitImport, useDiscardImport, useDownloadErrors } from './people-import.api';
import { ImportProblemsTable } from './ImportProblemsTable';

interface Props {
  imp: PersonImport;
  /** The upload's own answer, with the recognised and ignored columns (not kept by the server). */
  preview: ImportPreview | null;
  onReupload: () => void;
  /** After 放弃: back to the upload step. */
  onDiscarded: () => void;
}

/** Step 3: the counts, every bad row and cell with its reason, the annotated workbook; then import the valid rows. */
export function ImportPreviewStep({ imp, preview, onReupload, onDiscarded }: Props) {
  const { t } = useTranslation();
  const commit = useCommitImport();
  const discard = useDiscardImport();
  const errors = useDownloadErrors();
  const c = imp.counts;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="import-preview">
      <Typography.Text type="secondary">
        {imp.filename} · {imp.format.toUpperCase()}
        {imp.encoding && ` · ${imp.encoding}`} · {imp.org.name}
      </Typography.Text>
      <Row gutter={16}>
        <Col span={4}>
          <Statistic title={t('imports.counts.total')} value={c.total} />
        </Col>
        <Col span={4}>
          <Statistic
            title={t('imports.counts.valid')}
            value={c.valid}
            styles={{ content: { color: '#389e0d' } }}
            data-testid="import-count-valid"
          />
        </Col>
        <Col span={4}>
          <Statistic
            title={t('imports.counts.invalid')}
            value={c.invalid}
            styles={{ content: { color: c.invalid ? '#cf1322' : undefined } }}
            data-testid="import-count-invalid"
          />
        </Col>
        <Col span={4}>
          <Statistic title={t('imports.counts.new')} value={c.new} />
        </Col>
        <Col span={4}>
          <Statistic title={t('imports.counts.update')} value={c.update} />
        </Col>
        <Col span={4}>
          <Statistic title={t('imports.counts.unchanged')} value={c.unchanged} />
        </Col>
      </Row>
      {preview && preview.columns.ignored.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('imports.ignoredColumns')}
          description={preview.columns.ignored.map((col) => (
            <Tag key={col}>{col}</Tag>
          ))}
        />
      )}
      {c.invalid > 0 ? (
        <>
          <Alert
            type="error"
            showIcon
            title={t('imports.hasProblems', { count: c.invalid })}
            data-testid="import-has-problems"
          />
          <ImportProblemsTable importId={imp.id} />
        </>
      ) : (
        <Alert
          type="success"
          showIcon
          title={t('imports.allValid', { count: c.valid })}
          data-testid="import-all-valid"
        />
      )}
      <Space wrap>
        {c.invalid > 0 && (
          <Button
            icon={<DownloadOutlined />}
            loading={errors.isPending}
            onClick={() => errors.mutate({ id: imp.id, only: 'all' })}
            data-testid="import-errors-download"
          >
            {t('imports.downloadErrors')}
          </Button>
        )}
        <Button icon={<ReloadOutlined />} onClick={onReupload} data-testid="import-reupload">
          {t('imports.reupload')}
        </Button>
        <Popconfirm
          title={t('imports.discardConfirm')}
          okText={t('imports.discard')}
          okButtonProps={{ danger: true, 'data-testid': 'import-discard-confirm' }}
          onConfirm={() => discard.mutate(imp.id, { onSuccess: onDiscarded })}
          disabled={imp.status !== 'validated'}
        >
          <Button
            danger
            icon={<DeleteOutlined />}
            disabled={imp.status !== 'validated'}
            loading={discard.isPending}
            data-testid="import-discard"
          >
            {t('imports.discard')}
          </Button>
        </Popconfirm>
        <Button
          type="primary"
          icon={<CloudUploadOutlined />}
          disabled={c.valid === 0 || imp.status !== 'validated'}
          loading={commit.isPending}
          onClick={() => commit.mutate(imp.id)}
          data-testid="import-commit"
        >
          {c.invalid > 0 ? t('imports.commitValidOnly', { count: c.valid }) : t('imports.commit', { count: c.valid })}
        </Button>
      </Space>
    </Space>
  );
}
