import { useState } from 'react';
import { Alert, Input, Modal, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { YearScheduleInput } from '@jinguo/contracts';
import { errorText, notifySuccess } from '../../app/notify';
import { useLoadSchedule } from './calendar.api';

/** Load a year's schedule: a JSON file in the shipped format (or pasted), checked here with the shared schema first. */
export function LoadScheduleModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const load = useLoadSchedule();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = () => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      setProblem(t('calendar.notJson'));
      return;
    }
    const parsed = YearScheduleInput.safeParse(json);
    if (!parsed.success) {
      setProblem(parsed.error.issues.map((i) => `${i.path.join('.') || '—'}: ${i.message}`).join('；'));
      return;
    }
    setProblem(null);
    load.mutate(parsed.data, {
      onSuccess: () => {
        notifySuccess(t('calendar.loaded', { year: parsed.data.year }));
        setText('');
        onClose();
      },
      onError: (err) => setProblem(errorText(err)),
    });
  };

  return (
    <Modal
      open={open}
      title={t('calendar.load')}
      onCancel={onClose}
      onOk={submit}
      okText={t('calendar.loadOk')}
      confirmLoading={load.isPending}
      okButtonProps={{ 'data-testid': 'calendar-load-submit' }}
      width={640}
      data-testid="calendar-load-modal"
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('calendar.loadHelp')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".json,application/json"
        showUploadList={false}
        beforeUpload={(file) => {
          void file.text().then(setText);
          return false;
        }}
        data-testid="calendar-file"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{t('calendar.dropFile')}</p>
      </Upload.Dragger>
      <Input.TextArea
        style={{ marginTop: 12, fontFamily: 'monospace' }}
        rows={8}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder='{"year": 2027, "source": "…", "holidays": […], "workdays": […]}'
        data-testid="calendar-json"
      />
      {problem && (
        <Alert style={{ marginTop: 12 }} type="error" showIcon message={problem} data-testid="calendar-problem" />
      )}
    </Modal>
  );
}
