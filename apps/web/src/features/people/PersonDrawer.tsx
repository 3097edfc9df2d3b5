import { useEffect, useState } from 'react';
import { Alert, Button, Drawer, Form, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { PersonInput, UpdatePersonInput, type Person } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { ApiError } from '../../app/api';
import { applyProblemToForm, compact, isoDate, parseWith } from '../../app/forms';
import { notifyError, notifySuccess } from '../../app/notify';
import { useCreatePerson, usePerson, useUpdatePerson } from './people.api';
import { PersonFormFields, type PersonFormValues } from './PersonFormFields';

const trimmed = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);
const orNull = (s: string | undefined) => trimmed(s) ?? null;

function valuesOf(p: Person): PersonFormValues {
  return {
    orgId: p.org.id,
    name: p.name,
    gender: p.gender ?? undefined,
    birthDate: p.birthDate ? dayjs(p.birthDate) : null,
    ethnicity: p.ethnicity ?? undefined,
    education: p.education ?? undefined,
    occupation: p.occupation ?? '',
    school: p.school ?? '',
    careSituation: p.careSituation ?? undefined,
  };
}

/** Edit input: plain fields as they are in the form (empty clears), sensitive ones only when typed (empty keeps). */
function updateOf(v: PersonFormValues, version: number) {
  return {
    version,
    orgId: v.orgId,
    name: v.name?.trim(),
    gender: v.gender ?? null,
    birthDate: isoDate(v.birthDate) ?? null,
    ethnicity: v.ethnicity ?? null,
    education: v.education ?? null,
    occupation: orNull(v.occupation),
    school: orNull(v.school),
    careSituation: v.careSituation ?? null,
    ...(trimmed(v.idNumber) ? { idNumber: trimmed(v.idNumber) } : {}),
    ...(trimmed(v.phone) ? { phone: trimmed(v.phone) } : {}),
    ...(trimmed(v.householdAddress) ? { householdAddress: trimmed(v.householdAddress) } : {}),
    ...(trimmed(v.residenceAddress) ? { residenceAddress: trimmed(v.residenceAddress) } : {}),
  };
}

/** 新增人员 (person null) or 编辑 (with the version read, so a concurrent change is refused rather than overwritten). */
export function PersonDrawer({
  person,
  open,
  onClose,
  onCreated,
}: {
  person: Person | null;
  open: boolean;
  onClose: () => void;
  onCreated?: (p: Person) => void;
}) {
  const { t } = useTranslation();
  const acting = useActingOrg();
  const [form] = Form.useForm<PersonFormValues>();
  const create = useCreatePerson();
  const update = useUpdatePerson(person?.id ?? 0);
  const fresh = usePerson(person?.id ?? 0);
  const [conflict, setConflict] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setConflict(false);
    form.setFieldsValue(person ? valuesOf(person) : { orgId: acting?.id, tags: [] });
  }, [open, person, acting, form]);

  const reload = async () => {
    const r = await fresh.refetch();
    if (r.data)
      form.setFieldsValue({ ...valuesOf(r.data), idNumber: '', phone: '', householdAddress: '', residenceAddress: '' });
    setConflict(false);
  };

  const submit = async () => {
    const v = await form.validateFields();
    if (!person) {
      const input = parseWith(
        PersonInput,
        compact({
          ...v,
          name: v.name?.trim(),
          idNumber: trimmed(v.idNumber),
          phone: trimmed(v.phone),
          birthDate: isoDate(v.birthDate),
        }),
        form,
      );
      if (!input) return;
      create.mutate(input, {
        onSuccess: (p) => {
          notifySuccess(t('people.created', { name: p.name }));
          onClose();
          onCreated?.(p);
        },
        onError: (err) => applyProblemToForm(form, err),
      });
      return;
    }
    const version = fresh.data?.version ?? person.version;
    // The whole store, not only the fields on screen: a child's school stays when the form shows an adult.
    const input = parseWith(UpdatePersonInput, updateOf({ ...form.getFieldsValue(true), ...v }, version), form);
    if (!input) return;
    update.mutate(input, {
      onSuccess: () => {
        notifySuccess(t('common.saved'));
        onClose();
      },
      onError: (err) => {
        if (err instanceof ApiError && err.code === 'PERSON_VERSION_CONFLICT') return setConflict(true);
        notifyError(err);
        applyProblemToForm(form, err);
      },
    });
  };

  const pending = create.isPending || update.isPending;
  return (
    <Drawer
      title={person ? t('people.editTitle', { name: person.name }) : t('people.create')}
      open={open}
      onClose={onClose}
      size={560}
      forceRender
      data-testid="person-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={pending} onClick={() => void submit()} data-testid="person-submit">
            {person ? t('common.save') : t('common.create')}
          </Button>
        </Space>
      }
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('people.versionConflict')}
          data-testid="person-version-conflict"
          action={
            <Button size="small" onClick={() => void reload()} loading={fresh.isFetching}>
              {t('people.reload')}
            </Button>
          }
        />
      )}
      <Form<PersonFormValues> form={form} layout="vertical">
        <PersonFormFields
          key={person ? `p${person.id}` : `o${acting?.id ?? 0}`}
          form={form}
          person={person}
          initialOrg={person ? person.org : acting}
        />
      </Form>
    </Drawer>
  );
}
