import { Alert, Button, Card, Empty, Form, Input, InputNumber, List, Tag } from 'antd';
import { Link } from 'react-router';
import { WISH_STATE_LABELS } from '@jinguo/contracts';
import { useT } from '../i18n';
import { PortalError, useMe } from '../portal.api';
import { useMyWishes, usePublicWishes, useSubmitWish } from '../wishes.api';
import { useWishT } from '../wishes.messages';

/** 微心愿 on her phone: the wish wall (masked names, district only), her own wishes and submitting one. */
export function WishesPage() {
  const { l } = useT();
  const w = useWishT();
  const me = useMe();
  const wall = usePublicWishes();
  const mine = useMyWishes(!!me.data);
  const submit = useSubmitWish();
  const [form] = Form.useForm();
  const send = async () => {
    const v = await form.validateFields();
    submit.mutate(v, { onSuccess: () => form.resetFields() });
  };
  const problem = submit.error instanceof PortalError ? l(submit.error.problem.message) : null;
  return (
    <>
      <Card title={w('wall')} size="small" extra={w('claimHint')}>
        <List
          data-testid="portal-wishes"
          loading={wall.isLoading}
          dataSource={wall.data ?? []}
          locale={{ emptyText: <Empty description={w('empty')} /> }}
          renderItem={(x) => (
            <List.Item extra={<Tag>{l(WISH_STATE_LABELS[x.state])}</Tag>}>
              <List.Item.Meta
                title={`${x.title} · ${x.amount} ${w('yuan')}`}
                description={`${x.publicName} · ${x.district} · ${x.description}`}
              />
            </List.Item>
          )}
        />
      </Card>
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
