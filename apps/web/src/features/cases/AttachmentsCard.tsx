import { Button, Card, List, Upload } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CaseView } from '@jinguo/contracts';
import { api, buildUrl } from '../../app/api';
import { notifyError } from '../../app/notify';
import { ActorName } from './ActorName';
import { casesKeys } from './cases.api';

/** Documents of the case (stored encrypted; every download is an audited read of the case). */
export function AttachmentsCard({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  return (
    <Card
      size="small"
      title={t('cases.attachments')}
      data-testid="case-attachments"
      extra={
        c.allowedActions.includes('attach') && (
          <Upload
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) => {
              const f = file as File;
              api(`/cases/${c.id}/attachments`, { method: 'POST', body: f, query: { name: f.name }, schema: CaseView })
                .then((view) => {
                  qc.setQueryData(casesKeys.detail(c.id), view);
                  onSuccess?.(view);
                })
                .catch((e: unknown) => {
                  notifyError(e);
                  onError?.(e as Error);
                });
            }}
          >
            <Button size="small" icon={<UploadOutlined />} data-testid="case-attach">
              {t('cases.attachments')}
            </Button>
          </Upload>
        )
      }
    >
      <List
        dataSource={c.attachments}
        locale={{ emptyText: '—' }}
        renderItem={(a) => (
          <List.Item>
            <a href={buildUrl(`/cases/${c.id}/attachments/${a.id}`)} download={a.name}>
              <PaperClipOutlined /> {a.name}
            </a>
            （{Math.ceil(a.size / 1024)} KB · <ActorName by={a.uploadedBy} /> · {a.uploadedAt.slice(0, 10)}）
          </List.Item>
        )}
      />
    </Card>
  );
}
