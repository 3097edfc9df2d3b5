import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, List, Modal, Space, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { WISH_MACHINE, type Wish } from '@jinguo/contracts';
import { ApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { applyProblemToForm, isoDate } from '../../app/forms';
import { errorText, notifyError } from '../../app/notify';
import { federationToday } from '../../app/time';
import { proofUrl, useWishActions } from './care-kindness.api';

type Dialog = 'refuse' | 'claim' | 'claimOutside' | 'fulfil' | null;
const FORM_FIELDS = new Set(['note', 'fulfilledOn', 'donorName', 'donorPhone', 'deadline']);

/** What the reader may do with one wish: review, claim (herself or for an outside donor), fulfil with proof, let go. */
export function WishActions({ wish }: { wish: Wish }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { act, addProof, removeProof } = useWishActions();
  const [dialog, setDialog] = useState<Dialog>(null);
  // the wish as the last proof upload or removal returned it (the list refetches behind the open dialog)
  const [proofed, setProofed] = useState<Wish | null>(null);
  const [proofMissing, setProofMissing] = useState(false);
  // a problem the form has no field for (the wish's state, its proofs), shown above the form
  const [problem, setProblem] = useState<unknown>(null);
  const [form] = Form.useForm();
  const w = proofed?.id === wish.id ? proofed : wish;
  const run = (action: string, body?: unknown) => act.mutate({ id: w.id, action, body }, { onError: notifyError });
  const close = () => {
    setDialog(null);
    setProofed(null);
    setProofMissing(false);
    setProblem(null);
  };
  const submit = async () => {
    const v = await form.validateFields();
    if (dialog === 'fulfil' && !w.proofs.length) {
      setProofMissing(true);
      return;
    }
    const deadline = isoDate(v.deadline as Dayjs | undefined);
    const until = deadline ? { deadline } : {};
    const [action, body] =
      dialog === 'refuse'
        ? ['review', { action: 'refuse', note: v.note }]
        : dialog === 'claim'
          ? ['claim', until]
          : dialog === 'claimOutside'
            ? ['claim', { donorName: v.donorName, ...(v.donorPhone ? { donorPhone: v.donorPhone } : {}), ...until }]
            : ['fulfil', { fulfilledOn: isoDate(v.fulfilledOn as Dayjs) ?? '', note: v.note }];
    setProblem(null);
    act.mutate(
      { id: w.id, action, body },
      {
        onSuccess: close,
        onError: (e) => {
          applyProblemToForm(form, e);
          const field = e instanceof ApiError ? e.problem.field : undefined;
          if (!field || !FORM_FIELDS.has(field)) setProblem(e);
        },
      },
    );
  };
  const may = (a: Parameters<typeof WISH_MACHINE.next>[0]) => WISH_MACHINE.next(a, w.state) !== null;
  const proofProblem = addProof.error ?? removeProof.error;

  return (
    <>
      <Space wrap>
        {can('care.review') && may('publish') && (
          <Button
            size="small"
            type="primary"
            onClick={() => run('review', { action: 'publish', note: '' })}
            data-testid={`wish-publish-${w.id}`}
          >
            {t('care.wishes.publish')}
          </Button>
        )}
        {can('care.review') && may('refuse') && (
          <Button size="small" danger onClick={() => setDialog('refuse')}>
            {t('care.wishes.refuse')}
          </Button>
        )}
        {may('claim') && (
          <Button size="small" onClick={() => setDialog('claim')} data-testid={`wish-claim-${w.id}`}>
            {t('care.wishes.claim')}
          </Button>
        )}
        {can('care.manage') && may('claim') && (
          <Button size="small" onClick={() => setDialog('claimOutside')}>
            {t('care.wishes.claimOutside')}
          </Button>
        )}
        {may('fulfil') && (
          <Button size="small" type="primary" onClick={() => setDialog('fulfil')} data-testid={`wish-fulfil-${w.id}`}>
            {t('care.wishes.fulfil')}
          </Button>
        )}
        {may('release') && (
          <Button size="small" onClick={() => run('release')}>
            {t('care.wishes.release')}
          </Button>
        )}
        {can('care.manage') && may('withdraw') && (
          <Button size="small" onClick={() => run('withdraw')}>
            {t('care.wishes.withdraw')}
          </Button>
        )}
      </Space>
      <Modal
        open={dialog !== null}
        title={dialog ? t(dialog === 'claim' ? 'care.wishes.claimTitle' : `care.wishes.${dialog}`) : ''}
        onOk={submit}
        onCancel={close}
        confirmLoading={act.isPending}
        okButtonProps={{ 'data-testid': 'wish-dialog-ok' }}
        destroyOnHidden
      >
        {problem !== null && <Alert type="error" showIcon message={errorText(problem)} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" preserve={false}>
          {dialog === 'claimOutside' && (
            <>
              <Form.Item name="donorName" label={t('care.wishes.donor')} rules={[{ required: true, min: 2 }]}>
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item name="donorPhone" label={t('care.pairings.phone')}>
                <Input maxLength={11} />
              </Form.Item>
            </>
          )}
          {(dialog === 'claim' || dialog === 'claimOutside') && (
            <Form.Item
              name="deadline"
              label={t('care.wishes.deadline')}
              extra={t('care.wishes.deadlineHint', {
                latest: federationToday().add(w.claimDays, 'day').format('YYYY-MM-DD'),
                days: w.claimDays,
              })}
            >
              <DatePicker
                minDate={federationToday()}
                maxDate={federationToday().add(w.claimDays, 'day')}
                data-testid="wish-deadline"
              />
            </Form.Item>
          )}
          {dialog === 'fulfil' && (
            <>
              <Form.Item
                label={t('care.wishes.proofs')}
                extra={t('care.wishes.proofRule')}
                required
                validateStatus={proofMissing && !w.proofs.length ? 'error' : undefined}
                help={proofMissing && !w.proofs.length ? t('care.wishes.proofNeeded') : undefined}
              >
                <div>
                  <List
                    size="small"
                    dataSource={w.proofs}
                    locale={{ emptyText: t('care.wishes.noProof') }}
                    renderItem={(f) => (
                      <List.Item
                        actions={[
                          <Button
                            key="remove"
                            size="small"
                            type="link"
                            danger
                            onClick={() =>
                              removeProof.mutate({ id: w.id, fileId: f.id }, { onSuccess: (x) => setProofed(x) })
                            }
                          >
                            {t('common.delete')}
                          </Button>,
                        ]}
                      >
                        <a href={proofUrl(w.id, f.id)} target="_blank" rel="noreferrer" data-testid="wish-proof-name">
                          {f.name}
                        </a>
                      </List.Item>
                    )}
                  />
                  <Upload
                    accept="image/jpeg,image/png,image/webp,application/pdf,.docx,.xlsx"
                    showUploadList={false}
                    beforeUpload={(file) => {
                      addProof.mutate(
                        { id: w.id, file },
                        {
                          onSuccess: (x) => setProofed(x),
                        },
                      );
                      return false;
                    }}
                  >
                    <Button icon={<UploadOutlined />} loading={addProof.isPending} data-testid="wish-proof-upload">
                      {t('care.wishes.addProof')}
                    </Button>
                  </Upload>
                  {proofProblem && (
                    <Alert type="error" showIcon message={errorText(proofProblem)} style={{ marginTop: 8 }} />
                  )}
                </div>
              </Form.Item>
              <Form.Item name="fulfilledOn" label={t('care.wishes.fulfilledOn')} rules={[{ required: true }]}>
                <DatePicker maxDate={federationToday()} data-testid="wish-fulfilled-on" />
              </Form.Item>
            </>
          )}
          {(dialog === 'refuse' || dialog === 'fulfil') && (
            <Form.Item name="note" label={t('care.pairings.note')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea maxLength={1000} data-testid="wish-note" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
