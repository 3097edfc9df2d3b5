import { Alert, Button, Descriptions, Progress, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PersonImport } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { useRefreshPeopleWhenDone } from './people-import.api';
import { ImportStatusTag } from './ImportStatusTag';
import { formatDateTimeSeconds } from '../../app/time';

const time = (s: string | null) => (s ? formatDateTimeSeconds(s) : '—');

/** Step 4: the background job's progress (polled), then what it did. It survives a restart of the server. */
export function ImportProgressStep({ imp, onAnother }: { imp: PersonImport; onAnother: () => void }) {
  const { t } = useTranslation();
  const localize = useLocalize();
  const navigate = useNavigate();
  useRefreshPeopleWhenDone(imp.status);
  const status = imp.status === 'failed' ? 'exception' : imp.status === 'done' ? 'success' : 'active';
  const r = imp.result;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="import-progress">
      <Space>
        <Typography.Text strong>{imp.filename}</Typography.Text>
        <ImportStatusTag status={imp.status} />
      </Space>
      <Progress percent={Math.round(imp.progress.percent)} status={status} data-testid="import-progress-bar" />
      <Typography.Text type="secondary">
        {t('imports.progressRows', { done: imp.progress.done, total: imp.progress.total })}
      </Typography.Text>
      {imp.status === 'failed' && (
        <Alert type="error" showIcon title={imp.error ? localize(imp.error) : t('imports.failed')} />
      )}
      {imp.status === 'discarded' && (
        <Alert
          type="warning"
          showIcon
          data-testid="import-discarded"
          title={imp.error ? localize(imp.error) : t('imports.discarded')}
        />
      )}
      {imp.status === 'done' && imp.purgedAt && (
        <Alert type="info" showIcon data-testid="import-purged" title={t('imports.purged')} />
      )}
      {(imp.status === 'queued' || imp.status === 'running') && (
        <Alert type="info" showIcon title={t('imports.runningNote')} />
      )}
      {imp.status === 'done' && (
        <Alert
          type="success"
          showIcon
          data-testid="import-done"
          title={t('imports.done', { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged })}
          description={r.refused > 0 ? t('imports.refused', { count: r.refused }) : undefined}
        />
      )}
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('imports.queuedAt')}>{time(imp.queuedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('imports.startedAt')}>{time(imp.startedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('imports.finishedAt')}>{time(imp.finishedAt)}</Descriptions.Item>
      </Descriptions>
      <Space>
        {imp.status === 'done' && (
          <Button
            type="primary"
            onClick={() => navigate('/people?sort=createdAt&order=desc')}
            data-testid="import-view-people"
          >
            {t('imports.viewPeople')}
          </Button>
        )}
        <Button onClick={onAnother} data-testid="import-another">
          {t('imports.another')}
        </Button>
      </Space>
    </Space>
  );
}
