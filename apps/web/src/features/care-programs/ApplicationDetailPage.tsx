import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Modal, Space, Table, Timeline, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CIVIL_CATEGORY_LABELS, DISEASE_LABELS, type Unmasked } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { notifyError } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { DeadlineText } from '../demands/DeadlineText';
import { useApplication, useApplicationAction } from './care-programs.api';
import { ApplicationStateTag } from './ApplicationStateTag';
import { PayModal } from './PayModal';
import { ReviewModal } from './ReviewModal';
import { formatDateTime } from '../../app/time';

/** One application: its facts (masked), materials, the review trail, and the actions the reader may take. */
export function ApplicationDetailPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const { can } = useAuth();
  const id = Number(useParams().applicationId);
  const app = useApplication(id);
  const act = useApplicationAction(id);
  const [reviewing, setReviewing] = useState<'comment' | 'pass' | 'return' | 'refuse' | null>(null);
  const [paying, setPaying] = useState(false);
  const [unmaskOpen, setUnmaskOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [clear, setClear] = useState<Unmasked | null>(null);
  const a = app.data;
  if (!a) return <Card loading={app.isLoading} />;
  const button = (action: string) => {
    switch (action) {
      case 'submit':
      case 'resubmit':
        return (
          <Button
            key={action}
            type="primary"
            data-testid={`application-${action}`}
            loading={act.submit.isPending}
            onClick={() => act.submit.mutate(undefined, { onError: notifyError })}
          >
            {t(`care.actions.${action}`)}
          </Button>
        );
      case 'withdraw':
        return (
          <Button key={action} danger onClick={() => act.withdraw.mutate('申请人撤回', { onError: notifyError })}>
            {t('care.actions.withdraw')}
          </Button>
        );
      case 'comment':
      case 'pass':
      case 'return':
      case 'refuse':
        return (
          <Button
            key={action}
            type={action === 'pass' ? 'primary' : 'default'}
            danger={action === 'refuse'}
            data-testid={`application-${action}`}
            onClick={() => setReviewing(action)}
          >
            {t(`care.actions.${action}`)}
          </Button>
        );
      case 'pay':
        return (
          <Button key={action} type="primary" data-testid="application-pay" onClick={() => setPaying(true)}>
            {t('care.actions.pay')}
          </Button>
        );
      default:
        return null;
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={`${a.program.name} · ${a.person.name}`} extra={<Space wrap>{a.actions.map(button)}</Space>}>
        {a.reason && (
          <Alert
            type={a.state === 'refused' ? 'error' : 'warning'}
            message={`${t('care.reason')}：${a.reason}`}
            style={{ marginBottom: 12 }}
          />
        )}
        <Descriptions column={{ xs: 1, md: 3 }} size="small" bordered>
          <Descriptions.Item label={t('care.state')}>
            <ApplicationStateTag state={a.state} />
          </Descriptions.Item>
          <Descriptions.Item label={t('care.step')}>{a.step?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('care.deadline')}>
            {a.deadline ? <DeadlineText at={a.deadline} overdue={a.overdue} /> : '—'}
          </Descriptions.Item>
          <Descriptions.Item
            label={t('care.person')}
          >{`${a.person.name} ${a.person.idNumberMasked ?? ''}`}</Descriptions.Item>
          <Descriptions.Item label={t('demands.org')}>{a.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('care.amount')}>{a.amount}</Descriptions.Item>
          <Descriptions.Item label={t('care.civilCategory')}>
            {clear?.civilCategory ? l(CIVIL_CATEGORY_LABELS[clear.civilCategory]) : (a.civilCategoryMasked ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('care.diagnosis')}>
            {clear?.diagnosis
              ? `${l(DISEASE_LABELS[clear.diagnosis.disease])} ${clear.diagnosis.invasive ? t('care.invasive') : ''} ${clear.diagnosis.stage ?? ''} · ${clear.diagnosis.hospital} ${clear.diagnosis.diagnosedOn}`
              : (a.diagnosisMasked ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('care.bankAccount')}>
            {clear?.bankAccount
              ? `${clear.bankAccount.bankName} ${clear.bankAccount.accountNumber} ${clear.bankAccount.accountHolder}`
              : (a.bankAccountMasked ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('care.source')}>{t(`care.sources.${a.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('care.submittedAt')}>
            {a.submittedAt ? formatDateTime(a.submittedAt) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('care.override')}>{a.overrideReason ?? '—'}</Descriptions.Item>
        </Descriptions>
        {can('care.unmask') && !clear && (a.diagnosisMasked || a.bankAccountMasked || a.civilCategoryMasked) && (
          <Button style={{ marginTop: 12 }} onClick={() => setUnmaskOpen(true)} data-testid="application-unmask">
            {t('care.unmask')}
          </Button>
        )}
        {a.disbursement && (
          <Alert
            type="success"
            style={{ marginTop: 12 }}
            message={`${t('care.paid')} ${a.disbursement.amount} · ${a.disbursement.paidOn} · ${t(`care.channels.${a.disbursement.channel as 'cash'}`)} · ${a.disbursement.reference}`}
          />
        )}
      </Card>
      <Card title={t('care.materials')} size="small">
        <Table
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={a.materials}
          columns={[
            { key: 'name', title: t('care.materialName'), render: (_, m) => m.name },
            {
              key: 'files',
              title: '',
              render: (_, m) =>
                m.files.length ? (
                  m.files.map((f) => f.name).join('、')
                ) : (
                  <span style={{ color: '#cf1322' }}>{t('care.missing')}</span>
                ),
            },
            {
              key: 'upload',
              title: '',
              render: (_, m) =>
                ['draft', 'returned', 'in_review'].includes(a.state) &&
                (can('care.apply') || can('care.review')) && (
                  <Upload
                    showUploadList={false}
                    beforeUpload={(file) => {
                      act.upload.mutate({ code: m.code, file }, { onError: notifyError });
                      return false;
                    }}
                  >
                    <Button size="small" icon={<UploadOutlined />} data-testid={`material-${m.code}`}>
                      {t('care.upload')}
                    </Button>
                  </Upload>
                ),
            },
          ]}
        />
      </Card>
      <Card title={t('care.reviews')} size="small">
        <Timeline
          items={a.reviews.map((r) => ({
            children: (
              <div>
                <b>{r.stepName}</b> · {t(`care.reviewActions.${r.action as 'pass'}`)} · {r.by}{' '}
                {r.org ? `（${r.org}）` : ''} · {formatDateTime(r.at)}
                {r.opinion && <div>{r.opinion}</div>}
                {r.consultations.map((c) => (
                  <div key={c.agency} style={{ color: '#666' }}>
                    {t('care.consultations')} {c.agency} {c.consultedOn}：{c.opinion}
                  </div>
                ))}
              </div>
            ),
          }))}
        />
      </Card>
      {reviewing && (
        <ReviewModal application={a} action={reviewing} onClose={() => setReviewing(null)} mutation={act.review} />
      )}
      {paying && <PayModal application={a} onClose={() => setPaying(false)} mutation={act.pay} />}
      <Modal
        open={unmaskOpen}
        title={t('care.unmask')}
        onCancel={() => setUnmaskOpen(false)}
        okButtonProps={{ disabled: reason.trim().length < 2, loading: act.unmask.isPending }}
        onOk={() =>
          act.unmask.mutate(reason, {
            onSuccess: (u) => {
              setClear(u);
              setUnmaskOpen(false);
            },
            onError: notifyError,
          })
        }
      >
        <Input.TextArea
          rows={2}
          placeholder={t('care.unmaskReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="unmask-reason"
        />
      </Modal>
    </Space>
  );
}
