import { Alert, Button, Card, List, Steps, Tag, Upload } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { APPLICATION_STATE_LABELS } from '@jinguo/contracts';
import { useActionLabel, useCareT } from '../care.messages';
import { useMyApplication, useSubmitApplication, useUploadMaterial } from '../care.api';
import { useT } from '../i18n';
import { PortalError } from '../portal.api';
import { formatDateTime } from '../../app/time';

/** One of her applications: materials from the phone, submitting, and how far it has come (no reviewer names). */
export function CareApplicationPage() {
  const { l } = useT();
  const c = useCareT();
  const actionLabel = useActionLabel();
  const id = Number(useParams().id);
  const app = useMyApplication(id);
  const upload = useUploadMaterial(id);
  const submit = useSubmitApplication(id);
  const a = app.data;
  if (!a) return <Card loading={app.isLoading} />;
  const editable = a.state === 'draft' || a.state === 'returned';
  const error = [upload.error, submit.error].find((e) => e instanceof PortalError) as PortalError | undefined;
  return (
    <Card
      title={a.program.name}
      size="small"
      extra={
        <Tag color="pink" data-testid="care-state">
          {l(APPLICATION_STATE_LABELS[a.state])}
        </Tag>
      }
    >
      {a.reason && (
        <Alert
          type={a.state === 'refused' ? 'error' : 'warning'}
          message={`${c('reason')}：${a.reason}`}
          style={{ marginBottom: 12 }}
          data-testid="care-reason"
        />
      )}
      {a.stepName && <Alert type="info" message={`${c('step')}：${a.stepName}`} style={{ marginBottom: 12 }} />}
      {a.paidOn && (
        <Alert
          type="success"
          message={`${c('paidOn')}：${a.paidOn} · ${a.amount} ${c('yuan')}`}
          style={{ marginBottom: 12 }}
        />
      )}
      {error && <Alert type="error" message={l(error.problem.message)} style={{ marginBottom: 12 }} />}
      <List
        header={c('materials')}
        dataSource={a.materials}
        renderItem={(m) => (
          <List.Item
            actions={
              editable
                ? [
                    <Upload
                      key="u"
                      accept="image/*,application/pdf"
                      showUploadList={false}
                      beforeUpload={(file) => {
                        upload.mutate({ code: m.code, file });
                        return false;
                      }}
                    >
                      <Button icon={<CameraOutlined />} size="small" data-testid={`care-upload-${m.code}`}>
                        {c('upload')}
                      </Button>
                    </Upload>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={m.name}
              description={m.files.length ? `${c('uploaded')} ${m.files.length}` : c('missing')}
            />
          </List.Item>
        )}
      />
      {editable && (
        <Button
          type="primary"
          block
          disabled={a.missingMaterials.length > 0}
          loading={submit.isPending}
          onClick={() => submit.mutate()}
          data-testid="care-submit"
          style={{ marginTop: 12 }}
        >
          {a.state === 'returned' ? c('resubmit') : c('submit')}
        </Button>
      )}
      {a.history.length > 0 && (
        <Card title={c('progress')} size="small" style={{ marginTop: 12 }}>
          <Steps
            direction="vertical"
            size="small"
            current={a.history.length - 1}
            items={a.history.map((h) => ({
              title: `${h.stepName} · ${actionLabel(h.action)}`,
              description: formatDateTime(h.at),
            }))}
          />
        </Card>
      )}
    </Card>
  );
}
