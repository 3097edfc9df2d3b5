import { Button, Form, Space, Switch, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { OfficeHours, OrgDetail } from '@jinguo/contracts';

/** The office-hours part of the org form: its own stretches, or none (as the org above it). */
export interface OfficeHoursValues {
  ownOfficeHours: boolean;
  officeHours?: { from?: Dayjs | null; to?: Dayjs | null }[];
}

const at = (hhmm: string) => dayjs(`2000-01-01T${hhmm}`);

/** `09:00–12:00、14:00–17:30` */
export function formatOfficeHours(hours: OfficeHours, separator: string): string {
  return hours.map((p) => `${p.from}–${p.to}`).join(separator);
}

export function officeHoursValues(org: OrgDetail): OfficeHoursValues {
  const hours = org.officeHours ?? org.inheritedOfficeHours.hours;
  return {
    ownOfficeHours: org.officeHours !== null,
    officeHours: hours.map((p) => ({ from: at(p.from), to: at(p.to) })),
  };
}

/** The input the contract checks: null when the org goes by the one above it. */
export function officeHoursInput(v: OfficeHoursValues): { from: string | undefined; to: string | undefined }[] | null {
  if (!v.ownOfficeHours) return null;
  return (v.officeHours ?? []).map((p) => ({ from: p.from?.format('HH:mm'), to: p.to?.format('HH:mm') }));
}

/** Where the hours come from when the org sets none: the org above that does, or the platform default. */
export function InheritedOfficeHours({ org }: { org: OrgDetail }) {
  const { t, i18n } = useTranslation();
  const sep = i18n.language === 'en-US' ? ', ' : '、';
  const from = org.inheritedOfficeHours.from;
  return (
    <Typography.Text type="secondary">
      {from
        ? t('org.officeHoursInherited', {
            hours: formatOfficeHours(org.inheritedOfficeHours.hours, sep),
            org: from.name,
          })
        : t('org.officeHoursDefault', { hours: formatOfficeHours(org.inheritedOfficeHours.hours, sep) })}
    </Typography.Text>
  );
}

export function OfficeHoursFields({ org }: { org: OrgDetail }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const own = Form.useWatch('ownOfficeHours', form) as boolean | undefined;
  return (
    <Form.Item label={t('org.officeHours')} extra={t('org.officeHoursHint')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          <Form.Item name="ownOfficeHours" valuePropName="checked" noStyle>
            <Switch data-testid="org-office-hours-own" />
          </Form.Item>
          <span>{t('org.officeHoursOwn')}</span>
        </Space>
        {own ? (
          <Form.List name="officeHours">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap data-testid="org-office-hours-period">
                    <Form.Item name={[f.name, 'from']} style={{ marginBottom: 0 }}>
                      <TimePicker format="HH:mm" minuteStep={5} placeholder={t('org.officeHoursFrom')} />
                    </Form.Item>
                    <span>–</span>
                    <Form.Item name={[f.name, 'to']} style={{ marginBottom: 0 }}>
                      <TimePicker format="HH:mm" minuteStep={5} placeholder={t('org.officeHoursTo')} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button type="link" danger onClick={() => remove(f.name)}>
                        {t('common.delete')}
                      </Button>
                    )}
                  </Space>
                ))}
                {fields.length < 4 && (
                  <Button type="dashed" onClick={() => add({})} block>
                    {t('org.officeHoursAdd')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        ) : (
          <InheritedOfficeHours org={org} />
        )}
      </Space>
    </Form.Item>
  );
}
