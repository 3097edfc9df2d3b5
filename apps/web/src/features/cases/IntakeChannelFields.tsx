import { DatePicker, Form, Input, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseChannel } from '@jinguo/contracts';
import { MandatoryReportFields } from './MandatoryReportButton';

/** The intake channels a worker takes in by hand (a demand or a visit need is converted from the demand itself). */
export const FORM_CHANNELS = ['hotline', 'walk_in', 'mandatory_report', 'public_opinion', 'grid_report'] as const;
export type FormChannel = (typeof FORM_CHANNELS)[number] & CaseChannel;

/**
 * What each channel records besides the narrative: the call sheet (in the page), the mandatory report's police report
 * and receipt, the 舆情 source and when it was found, the grid and its reporter.
 */
export function IntakeChannelFields({ channel, anonymous }: { channel: FormChannel; anonymous: boolean }) {
  const { t } = useTranslation();
  switch (channel) {
    case 'hotline':
      return (
        <>
          <Form.Item name="calledAt" label={t('cases.calledAt')} rules={[{ required: true }]}>
            <DatePicker showTime />
          </Form.Item>
          <Form.Item name="anonymous" label={t('cases.anonymous')} valuePropName="checked">
            <Switch data-testid="intake-anonymous" />
          </Form.Item>
          {!anonymous && (
            <Form.Item name="callerName" label={t('cases.callerName')}>
              <Input data-testid="intake-caller" maxLength={50} />
            </Form.Item>
          )}
          <Form.Item name="callbackPhone" label={t('cases.callbackPhone')} rules={[{ pattern: /^1[3-9]\d{9}$/ }]}>
            <Input data-testid="intake-callback" maxLength={11} />
          </Form.Item>
        </>
      );
    case 'mandatory_report':
      return <MandatoryReportFields prefix={['mandatoryReport']} />;
    case 'public_opinion':
      return (
        <>
          <Form.Item
            name={['publicOpinion', 'platform']}
            label={t('caseForms.intake.platform')}
            rules={[{ required: true }]}
          >
            <Input data-testid="intake-po-platform" maxLength={50} />
          </Form.Item>
          <Form.Item name={['publicOpinion', 'url']} label={t('caseForms.intake.url')} rules={[{ type: 'url' }]}>
            <Input data-testid="intake-po-url" maxLength={500} />
          </Form.Item>
          <Form.Item
            name={['publicOpinion', 'discoveredAt']}
            label={t('caseForms.intake.discoveredAt')}
            rules={[{ required: true }]}
          >
            <DatePicker showTime />
          </Form.Item>
        </>
      );
    case 'grid_report':
      return (
        <>
          <Form.Item
            name={['gridReport', 'gridName']}
            label={t('caseForms.intake.gridName')}
            rules={[{ required: true }]}
          >
            <Input data-testid="intake-grid-name" maxLength={50} />
          </Form.Item>
          <Form.Item
            name={['gridReport', 'reporterName']}
            label={t('caseForms.intake.reporterName')}
            rules={[{ required: true }]}
          >
            <Input data-testid="intake-grid-reporter" maxLength={50} />
          </Form.Item>
        </>
      );
    default:
      return null;
  }
}
