import { useState, type ReactNode } from 'react';
import { Button, DatePicker, Form, Input, Modal, Select, type ButtonProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  PROPOSAL_ACTION_LABELS,
  PROPOSAL_KIND_LABELS,
  PROPOSAL_KINDS,
  ProposalInput,
  ProposalTransitionInput,
  ProposalUpdate,
  type Proposal,
  type ProposalAction,
} from '@jinguo/contracts';
import { compact, isoDate, submitParsed } from '../../app/forms';
import { useLocalize } from '../../i18n';
import { useCreateProposal, useProposalTransition, useUpdateProposal } from './proposals.api';
import { federationToday } from '../../app/time';

/** A button and its modal form; the form is submitted through `submit(values, form, close)`. */
function ModalForm<V extends object>(props: {
  testId: string;
  label: ReactNode;
  title: ReactNode;
  buttonProps?: ButtonProps;
  initialValues?: Partial<V>;
  busy: boolean;
  submit: (values: V, form: ReturnType<typeof Form.useForm<V>>[0], close: () => void) => void;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<V>();
  const close = () => setOpen(false);
  return (
    <>
      <Button {...props.buttonProps} data-testid={props.testId} onClick={() => setOpen(true)}>
        {props.label}
      </Button>
      <Modal
        open={open}
        title={props.title}
        destroyOnHidden
        confirmLoading={props.busy}
        onCancel={close}
        okButtonProps={{ 'data-testid': `${props.testId}-ok` } as ButtonProps}
        onOk={() => void form.validateFields().then((v) => props.submit(v, form, close))}
      >
        <Form form={form} layout="vertical" initialValues={props.initialValues} preserve={false}>
          {props.children}
        </Form>
      </Modal>
    </>
  );
}

interface TextValues {
  kind?: string;
  title: string;
  body: string;
  deputy?: string;
}

function TextFields({ withKind }: { withKind: boolean }) {
  const { t } = useTranslation();
  const l = useLocalize();
  return (
    <>
      {withKind && (
        <Form.Item name="kind" label={t('proposals.kind')} rules={[{ required: true }]}>
          <Select
            data-testid="proposal-kind"
            options={PROPOSAL_KINDS.map((k) => ({ value: k, label: l(PROPOSAL_KIND_LABELS[k]) }))}
          />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('proposals.proposalTitle')} rules={[{ required: true }]}>
        <Input data-testid="proposal-title" maxLength={200} />
      </Form.Item>
      <Form.Item name="body" label={t('proposals.body')} rules={[{ required: true, min: 10 }]}>
        <Input.TextArea data-testid="proposal-body" rows={6} maxLength={10000} />
      </Form.Item>
      <Form.Item name="deputy" label={t('proposals.deputy')}>
        <Input data-testid="proposal-deputy" maxLength={100} />
      </Form.Item>
    </>
  );
}

/** A new 人大建议 / 政协提案 for the org, carrying the chosen suggestions (`demandIds`) when made from them. */
export function CreateProposalButton(props: {
  orgId: number;
  demandIds?: number[];
  body?: string;
  label: ReactNode;
  disabled?: boolean;
  onDone?: () => void;
}) {
  const create = useCreateProposal();
  return (
    <ModalForm<TextValues>
      testId="proposal-create"
      label={props.label}
      title={props.label}
      buttonProps={{ type: 'primary', disabled: !!props.disabled }}
      initialValues={{ kind: 'npc_suggestion', ...(props.body ? { body: props.body } : {}) }}
      busy={create.isPending}
      submit={(v, form, close) =>
        submitParsed(
          form,
          ProposalInput,
          { ...compact({ ...v }), orgId: props.orgId, demandIds: props.demandIds ?? [] },
          create,
          () => {
            close();
            props.onDone?.();
          },
        )
      }
    >
      <TextFields withKind />
    </ModalForm>
  );
}

/** Corrects the title, text or deputy of a record (version-checked on the server). */
export function EditProposalButton({ p }: { p: Proposal }) {
  const { t } = useTranslation();
  const update = useUpdateProposal(p.id);
  return (
    <ModalForm<TextValues>
      testId={`proposal-edit-${p.id}`}
      label={t('common.edit')}
      title={t('common.edit')}
      buttonProps={{ size: 'small' }}
      initialValues={{ title: p.title, body: p.body, ...(p.deputy ? { deputy: p.deputy } : {}) }}
      busy={update.isPending}
      submit={(v, form, close) =>
        submitParsed(
          form,
          ProposalUpdate,
          { version: p.version, title: v.title, body: v.body, deputy: v.deputy ? v.deputy : null },
          update,
          close,
        )
      }
    >
      <TextFields withKind={false} />
    </ModalForm>
  );
}

interface ActionValues {
  number?: string;
  submittedOn?: Dayjs;
  reason?: string;
  reply?: string;
  replyOrg?: string;
  repliedOn?: Dayjs;
}

/** One move along PROPOSAL_MACHINE, with what it records: the number and date, the reply, or why not accepted. */
export function ProposalActionButton({ p, action }: { p: Proposal; action: ProposalAction }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const move = useProposalTransition(p.id);
  const today = federationToday();
  return (
    <ModalForm<ActionValues>
      testId={`proposal-${action}-${p.id}`}
      label={l(PROPOSAL_ACTION_LABELS[action])}
      title={`${p.title} · ${l(PROPOSAL_ACTION_LABELS[action])}`}
      buttonProps={{ size: 'small', type: action === 'reply' || action === 'submit' ? 'primary' : 'default' }}
      initialValues={{ submittedOn: today, repliedOn: today }}
      busy={move.isPending}
      submit={(v, form, close) =>
        submitParsed(
          form,
          ProposalTransitionInput,
          {
            ...compact({ ...v, submittedOn: isoDate(v.submittedOn), repliedOn: isoDate(v.repliedOn) }),
            action,
          },
          move,
          close,
        )
      }
    >
      {action === 'submit' && (
        <>
          <Form.Item name="number" label={t('proposals.number')} rules={[{ required: true }]}>
            <Input data-testid="proposal-number" maxLength={50} />
          </Form.Item>
          <Form.Item name="submittedOn" label={t('proposals.submittedOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </>
      )}
      {action === 'decline' && (
        <Form.Item name="reason" label={t('proposals.declineReason')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      )}
      {action === 'reply' && (
        <>
          <Form.Item name="replyOrg" label={t('proposals.replyOrg')} rules={[{ required: true }]}>
            <Input data-testid="proposal-reply-org" maxLength={100} />
          </Form.Item>
          <Form.Item name="repliedOn" label={t('proposals.repliedOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="reply" label={t('proposals.reply')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea data-testid="proposal-reply" rows={4} maxLength={10000} />
          </Form.Item>
        </>
      )}
    </ModalForm>
  );
}
