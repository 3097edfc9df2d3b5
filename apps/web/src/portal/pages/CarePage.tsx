import { useState } from 'react';
import { Alert, Button, Card, Checkbox, DatePicker, Empty, Form, Input, List, Select, Tag } from 'antd';
import { Link, Navigate, useNavigate } from 'react-router';
import {
  APPLICATION_STATE_LABELS,
  CIVIL_CATEGORIES,
  CIVIL_CATEGORY_LABELS,
  DISEASE_LABELS,
  DISEASES,
  STAGES,
} from '@jinguo/contracts';
import { useCareT } from '../care.messages';
import { useApply, useCarePrograms, useMyApplications } from '../care.api';
import { useT } from '../i18n';
import { PortalError, useMe } from '../portal.api';
import { useWishT } from '../wishes.messages';

/** 关爱项目 on her phone: the open programs, applying for one, and her applications. */
export function CarePage() {
  const { l } = useT();
  const c = useCareT();
  const w = useWishT();
  const me = useMe();
  const navigate = useNavigate();
  const programs = useCarePrograms(!!me.data);
  const mine = useMyApplications(!!me.data);
  const apply = useApply();
  const [chosen, setChosen] = useState<number | null>(null);
  const [form] = Form.useForm();
  if (me.isLoading) return null;
  if (!me.data) return <Navigate to="/login?next=/care" replace />;
  const program = programs.data?.find((p) => p.id === chosen);
  const codes = program?.materials.map((m) => m.code) ?? [];
  const send = async () => {
    const v = (await form.validateFields()) as Record<
      string,
      string | boolean | { format: (f: string) => string } | undefined
    >;
    apply.mutate(
      {
        programId: chosen!,
        civilCategory: (v.civilCategory as never) ?? null,
        diagnosis: v.disease
          ? {
              disease: v.disease as never,
              invasive: !!v.invasive,
              stage: (v.stage as never) ?? null,
              hospital: String(v.hospital ?? ''),
              diagnosedOn: (v.diagnosedOn as { format: (f: string) => string }).format('YYYY-MM-DD'),
            }
          : null,
        bankAccount: v.accountNumber
          ? {
              bankName: String(v.bankName),
              accountNumber: String(v.accountNumber),
              accountHolder: String(v.accountHolder),
            }
          : null,
        note: String(v.note ?? ''),
      },
      { onSuccess: (a) => void navigate(`/care/${a.id}`) },
    );
  };
  const problem = apply.error instanceof PortalError ? l(apply.error.problem.message) : null;
  return (
    <>
      <Card
        title={c('programs')}
        size="small"
        extra={
          <Link to="/wishes" data-testid="care-wishes-link">
            {w('title')}
          </Link>
        }
      >
        <List
          data-testid="portal-care-programs"
          loading={programs.isLoading}
          dataSource={programs.data ?? []}
          locale={{ emptyText: <Empty description={c('noPrograms')} /> }}
          renderItem={(p) => (
            <List.Item
              actions={[
                <Button key="a" type="link" onClick={() => setChosen(p.id)} data-testid={`care-apply-${p.id}`}>
                  {c('apply')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={p.name}
                description={`${c('benefit')} ${p.benefit.amount} ${c('yuan')} · ${c('materials')}：${p.materials.map((m) => m.name).join('、') || '—'}`}
              />
            </List.Item>
          )}
        />
      </Card>
      {program && (
        <Card title={program.name} size="small" style={{ marginTop: 12 }}>
          {problem && (
            <Alert type="error" message={problem} style={{ marginBottom: 12 }} data-testid="care-apply-error" />
          )}
          <Form form={form} layout="vertical">
            {codes.includes('category_proof') && (
              <Form.Item name="civilCategory" label={c('civilCategory')} rules={[{ required: true }]}>
                <Select
                  data-testid="care-category"
                  options={CIVIL_CATEGORIES.map((x) => ({ value: x, label: l(CIVIL_CATEGORY_LABELS[x]) }))}
                />
              </Form.Item>
            )}
            {codes.includes('diagnosis') && (
              <>
                <Form.Item name="disease" label={c('disease')} rules={[{ required: true }]}>
                  <Select
                    data-testid="care-disease"
                    options={DISEASES.map((x) => ({ value: x, label: l(DISEASE_LABELS[x]) }))}
                  />
                </Form.Item>
                <Form.Item name="invasive" valuePropName="checked">
                  <Checkbox data-testid="care-invasive">{c('invasive')}</Checkbox>
                </Form.Item>
                <Form.Item name="stage" label={c('stage')}>
                  <Select data-testid="care-stage" allowClear options={STAGES.map((x) => ({ value: x, label: x }))} />
                </Form.Item>
                <Form.Item name="hospital" label={c('hospital')} rules={[{ required: true }]}>
                  <Input data-testid="care-hospital" />
                </Form.Item>
                <Form.Item name="diagnosedOn" label={c('diagnosedOn')} rules={[{ required: true }]}>
                  <DatePicker style={{ width: '100%' }} data-testid="care-diagnosed-on" />
                </Form.Item>
              </>
            )}
            {codes.includes('bank_card') && (
              <>
                <Form.Item name="bankName" label={c('bankName')} rules={[{ required: true }]}>
                  <Input data-testid="care-bank" />
                </Form.Item>
                <Form.Item name="accountNumber" label={c('accountNumber')} rules={[{ required: true }]}>
                  <Input inputMode="numeric" data-testid="care-account" />
                </Form.Item>
                <Form.Item name="accountHolder" label={c('accountHolder')} rules={[{ required: true }]}>
                  <Input data-testid="care-holder" />
                </Form.Item>
              </>
            )}
            <Form.Item name="note" label={c('note')}>
              <Input.TextArea rows={2} maxLength={1000} data-testid="care-note" />
            </Form.Item>
            <Button
              type="primary"
              block
              loading={apply.isPending}
              onClick={() => void send()}
              data-testid="care-create"
            >
              {c('create')}
            </Button>
          </Form>
        </Card>
      )}
      <Card title={c('mine')} size="small" style={{ marginTop: 12 }}>
        <List
          data-testid="portal-care-applications"
          loading={mine.isLoading}
          dataSource={mine.data ?? []}
          locale={{ emptyText: <Empty description={c('none')} /> }}
          renderItem={(a) => (
            <List.Item>
              <List.Item.Meta
                title={<Link to={`/care/${a.id}`}>{a.program.name}</Link>}
                description={a.stepName ?? a.reason ?? ''}
              />
              <Tag color="pink">{l(APPLICATION_STATE_LABELS[a.state])}</Tag>
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}
