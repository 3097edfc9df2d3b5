import { federationToday } from '../../app/time';
import { DatePicker, Form, Input, Radio, Select, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  CARE_SITUATIONS,
  EDUCATION,
  ETHNICITIES,
  ID_NUMBER_MESSAGES,
  ageOn,
  parseIdNumber,
  type Person,
} from '@jinguo/contracts';
import { useLang } from '../../i18n';
import { OrgPicker } from '../organizations/OrgPicker';
import { TagSelect } from './TagSelect';
import type { OrgSummary } from '@jinguo/contracts';

export interface PersonFormValues {
  orgId?: number;
  name?: string;
  idNumber?: string;
  gender?: 'female' | 'male';
  birthDate?: Dayjs | null;
  phone?: string;
  ethnicity?: string;
  householdAddress?: string;
  residenceAddress?: string;
  education?: (typeof EDUCATION)[number];
  occupation?: string;
  school?: string;
  careSituation?: (typeof CARE_SITUATIONS)[number];
  tags?: string[];
}

const CHILD_AGE = 18;

/**
 * The fields of a person record. A valid ID number fills in the birth date and gender (and then fixes them: they
 * cannot contradict it). Editing, the sensitive fields start empty and show the masked value: left empty they stay.
 */
export function PersonFormFields({
  form,
  person,
  initialOrg,
}: {
  form: FormInstance<PersonFormValues>;
  person: Person | null;
  initialOrg: OrgSummary | null;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const idNumber = Form.useWatch('idNumber', form);
  const birthDate = Form.useWatch('birthDate', form);
  const parsed = idNumber?.trim() ? parseIdNumber(idNumber) : null;
  const derived = parsed?.ok === true;
  const age = birthDate ? ageOn(birthDate.format('YYYY-MM-DD'), federationToday().format('YYYY-MM-DD')) : null;
  const isChild = age !== null && age < CHILD_AGE;
  const keep = (masked: string | null | undefined) =>
    person && masked ? t('people.keepMasked', { masked }) : undefined;

  const onIdNumberChange = (raw: string) => {
    const info = parseIdNumber(raw);
    if (info.ok) form.setFieldsValue({ birthDate: dayjs(info.birthDate), gender: info.gender });
  };

  return (
    <>
      <Form.Item name="orgId" label={t('people.org')} rules={[{ required: true, message: t('form.required') }]}>
        <OrgPicker initial={initialOrg} data-testid="person-org" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('people.name')}
        rules={[{ required: true, whitespace: true, message: t('form.required') }]}
      >
        <Input maxLength={50} data-testid="person-name" />
      </Form.Item>
      <Form.Item
        name="idNumber"
        label={t('people.idNumber')}
        extra={keep(person?.idNumber) ?? t('people.idNumberHint')}
        validateTrigger="onBlur"
        rules={[
          {
            validator: async (_, v: string | undefined) => {
              if (!v?.trim()) return;
              const info = parseIdNumber(v);
              if (!info.ok) throw new Error(ID_NUMBER_MESSAGES[info.problem][lang]);
            },
          },
        ]}
      >
        <Input maxLength={18} data-testid="person-id-number" onChange={(e) => onIdNumberChange(e.target.value)} />
      </Form.Item>
      <div style={{ display: 'flex', gap: 8 }}>
        <Form.Item
          name="gender"
          label={t('people.gender')}
          style={{ flex: 1 }}
          extra={derived ? t('people.fromIdNumber') : undefined}
        >
          <Radio.Group disabled={derived} data-testid="person-gender">
            <Radio value="female">{t('people.genders.female')}</Radio>
            <Radio value="male">{t('people.genders.male')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="birthDate" label={t('people.birthDate')} style={{ flex: 1 }}>
          <DatePicker
            style={{ width: '100%' }}
            disabled={derived}
            disabledDate={(d) => d.isAfter(federationToday(), 'day')}
            data-testid="person-birth-date"
          />
        </Form.Item>
      </div>
      <Form.Item name="phone" label={t('people.phone')} extra={keep(person?.phone)}>
        <Input maxLength={11} data-testid="person-phone" />
      </Form.Item>
      <div style={{ display: 'flex', gap: 8 }}>
        <Form.Item name="ethnicity" label={t('people.ethnicity')} style={{ flex: 1 }}>
          <Select allowClear showSearch options={ETHNICITIES.map((e) => ({ value: e, label: e }))} />
        </Form.Item>
        <Form.Item name="education" label={t('people.education')} style={{ flex: 1 }}>
          <Select allowClear options={EDUCATION.map((e) => ({ value: e, label: t(`people.educations.${e}`) }))} />
        </Form.Item>
      </div>
      <Form.Item name="occupation" label={t('people.occupation')}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="householdAddress" label={t('people.householdAddress')} extra={keep(person?.householdAddress)}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="residenceAddress" label={t('people.residenceAddress')} extra={keep(person?.residenceAddress)}>
        <Input maxLength={200} />
      </Form.Item>
      {isChild && (
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item name="school" label={t('people.school')} style={{ flex: 1 }}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="careSituation" label={t('people.careSituation')} style={{ flex: 1 }}>
            <Select
              allowClear
              options={CARE_SITUATIONS.map((c) => ({ value: c, label: t(`people.careSituations.${c}`) }))}
            />
          </Form.Item>
        </div>
      )}
      {!person && (
        <Form.Item name="tags" label={t('people.tags')}>
          <TagSelect data-testid="person-tags" />
        </Form.Item>
      )}
    </>
  );
}
