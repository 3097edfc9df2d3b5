import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, InputNumber, List, Modal, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { WISH_STATE_LABELS, type PublicWish } from '@jinguo/contracts';
import { isoDate } from '../../app/forms';
import { federationToday, formatDateTime } from '../../app/time';
import { useT } from '../i18n';
import { PortalError, useMe } from '../portal.api';
import { useClaimAction, useMyClaims, useMyWishes, usePublicWishes, useSubmitWish } from '../wishes.api';
import { useWishT } from '../wishes.messages';

/**
 * 微心愿 on her phone: the wish wall (masked names, district only), claiming a wish as its donor and following her
 * claims, her own wishes and submitting one.
 */
export function WishesPage() {
  const { l } = useT();
  const w = useWishT();
  const me = useMe();
  const wall = usePublicWishes();
  const mine = useMyWishes(!!me.data);
  const claims = useMyClaims(!!me.data);
  const submit = useSubmitWish();
  const claim = useClaimAction();
  const [asked, setAsked] = useState<PublicWish | null>(null);
  const [deadline, setDeadline] = useState<Dayjs | null>(null);
  const ask = (x: PublicWish | null) => {
    setAsked(x);
    setDeadline(null);
  };
  const [form] = Form.useForm();
  const send = async () => {
    const v = await form.validateFields();
    submit.mutate(v, { onSuccess: () => form.resetFields() });
  };
  const problem = submit.error instanceof PortalError ? l(submit.error.problem.message) : null;
  const claimProblem = claim.error instanceof PortalError ? l(claim.error.problem.message) : null;
  return (
    <>
      <Card title={w('wall')} size="small" extra={me.data ? null : w('claimHint')}>
        {claimProblem && <Alert type="error" message={claimProblem} style={{ marginBottom: 8 }} />}
        {claim.isSuccess && claim.variables?.action === 'claim' && (
          <Alert type="success" message={w('claimed')} style={{ marginBottom: 8 }} data-testid="wish-claimed" />
        )}
        <List
          data-testid="portal-wishes"
          loading={wall.isLoading}
          dataSource={wall.data ?? []}
          locale={{ emptyText: <Empty description={w('empty')} /> }}
          renderItem={(x) => (
            <List.Item data-testid={`portal-wish-${x.id}`}>
              <List.Item.Meta
                title={`${x.title} · ${x.amount} ${w('yuan')}`}
                description={`${x.publicName} · ${x.district} · ${x.description}`}
              />
              <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: 6 }}>
                <Tag data-testid={`portal-wish-state-${x.id}`}>{l(WISH_STATE_LABELS[x.state])}</Tag>
                {x.state === 'published' &&
                  (me.data ? (
                    <Button size="small" type="primary" onClick={() => ask(x)} data-testid={`wish-claim-${x.id}`}>
                      {w('claim')}
                    </Button>
                  ) : (
                    <Link to="/login?next=/wishes">{w('signInToClaim')}</Link>
                  ))}
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Modal
        open={asked !== null}
        title={w('claimTitle')}
        okText={w('claimOk')}
        cancelText={w('cancel')}
        confirmLoading={claim.isPending}
        onOk={() =>
          asked &&
          claim.mutate({ id: asked.id, action: 'claim', deadline: isoDate(deadline) }, { onSettled: () => ask(null) })
        }
        onCancel={() => ask(null)}
        okButtonProps={{ 'data-testid': 'wish-claim-ok' }}
      >
        {asked && <p style={{ fontWeight: 600 }}>{`${asked.title} · ${asked.publicName} · ${asked.district}`}</p>}
        <p>{w('claimText')}</p>
        {asked && (
          <>
            <div style={{ marginBottom: 4 }}>{w('deadline')}</div>
            <DatePicker
              style={{ width: '100%' }}
              value={deadline}
              onChange={(d) => setDeadline(d)}
              minDate={federationToday()}
              maxDate={federationToday().add(asked.claimDays, 'day')}
              placeholder={federationToday().add(asked.claimDays, 'day').format('YYYY-MM-DD')}
              inputReadOnly
              data-testid="wish-claim-deadline"
            />
            <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, marginTop: 4 }}>
              {w('deadlineHint').replace('{days}', String(asked.claimDays))}
            </div>
          </>
        )}
      </Modal>
      {me.data && (
        <Card title={w('myClaims')} size="small" style={{ marginTop: 12 }}>
          <List
            data-testid="portal-my-claims"
            dataSource={claims.data ?? []}
            locale={{ emptyText: <Empty description={w('noClaims')} /> }}
            renderItem={(x) => (
              <List.Item extra={<Tag data-testid={`portal-claim-state-${x.id}`}>{l(WISH_STATE_LABELS[x.state])}</Tag>}>
                <List.Item.Meta
                  title={`${x.title} · ${x.amount} ${w('yuan')}`}
                  description={
                    <>
                      <div>{`${x.publicName} · ${x.district}`}</div>
                      {x.claimedAt && <div>{`${w('claimedOn')} ${formatDateTime(x.claimedAt)}`}</div>}
                      {x.deadline && x.daysLeft !== null && (
                        <div data-testid={`portal-claim-deadline-${x.id}`}>
                          {`${w('until')} ${x.deadline} · `}
                          <Tag color={x.daysLeft <= 3 ? 'orange' : 'blue'}>
                            {x.daysLeft < 0
                              ? w('overdue')
                              : x.daysLeft === 0
                                ? w('dueToday')
                                : w('daysLeft').replace('{n}', String(x.daysLeft))}
                          </Tag>
                        </div>
                      )}
                      {x.fulfilledOn && <div>{`${w('fulfilledOn')} ${x.fulfilledOn}`}</div>}
                      {x.state === 'claimed' && (
                        <Button
                          size="small"
                          style={{ marginTop: 6 }}
                          loading={claim.isPending}
                          onClick={() => claim.mutate({ id: x.id, action: 'release' })}
                        >
                          {w('release')}
                        </Button>
                      )}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      {me.data ? (
        <>
          <Card title={w('submit')} size="small" style={{ marginTop: 12 }}>
            {problem && <Alert type="error" message={problem} style={{ marginBottom: 8 }} />}
            {submit.isSuccess && <Alert type="success" message={w('sent')} style={{ marginBottom: 8 }} />}
            <Form form={form} layout="vertical">
              <Form.Item name="title" label={w('wish')} rules={[{ required: true, min: 2 }]}>
                <Input maxLength={60} data-testid="wish-title" />
              </Form.Item>
              <Form.Item name="description" label={w('description')} rules={[{ required: true, min: 2 }]}>
                <Input.TextArea maxLength={500} />
              </Form.Item>
              <Form.Item name="amount" label={w('amount')} rules={[{ required: true }]}>
                <InputNumber min={0.01} max={5000} precision={2} style={{ width: '100%' }} />
              </Form.Item>
              <Button type="primary" block onClick={send} loading={submit.isPending} data-testid="wish-submit">
                {w('submit')}
              </Button>
            </Form>
          </Card>
          <Card title={w('mine')} size="small" style={{ marginTop: 12 }}>
            <List
              data-testid="portal-my-wishes"
              dataSource={mine.data ?? []}
              locale={{ emptyText: <Empty description={w('none')} /> }}
              renderItem={(x) => (
                <List.Item extra={<Tag>{l(WISH_STATE_LABELS[x.state])}</Tag>}>
                  <List.Item.Meta
                    title={x.title}
                    description={
                      <>
                        {x.reviewNote && <div>{`${w('reviewNote')}：${x.reviewNote}`}</div>}
                        {x.fulfilmentNote && <div>{`${w('fulfilmentNote')}：${x.fulfilmentNote}`}</div>}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </>
      ) : (
        <Card size="small" style={{ marginTop: 12 }}>
          <Link to="/login?next=/wishes">{w('signIn')}</Link>
        </Card>
      )}
    </>
  );
}
