import { useState } from 'react';
import { Alert, Button, Card, List, Space, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Activity, AttendanceImportReport } from '@jinguo/contracts';
import { notifyError } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { downloadErrors, downloadTemplate, useImportAttendance } from './activities.api';

/** A past activity's attendance from a sheet: template, preview with row errors, error workbook, then import. */
export function AttendanceImportPanel({ activity: a }: { activity: Activity }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const importer = useImportAttendance(a.id);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<AttendanceImportReport | null>(null);
  const run = (dryRun: boolean) => {
    if (!file) return;
    importer.mutateAsync({ file, dryRun }).then(setReport, notifyError);
  };
  return (
    <Card size="small">
      <Space wrap style={{ marginBottom: 12 }}>
        <Button onClick={() => downloadTemplate().catch(notifyError)}>{t('activities.template')}</Button>
        <Upload
          accept=".xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setReport(null);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <Button>{t('activities.import')}</Button>
        </Upload>
        <Button disabled={!file} onClick={() => run(true)} loading={importer.isPending}>
          {t('activities.preview')}
        </Button>
        <Button type="primary" disabled={!report || report.valid === 0} onClick={() => run(false)}>
          {t('activities.confirmImport')}
        </Button>
        {file && report && report.errors.length > 0 && (
          <Button onClick={() => downloadErrors(file).catch(notifyError)}>{t('activities.errorWorkbook')}</Button>
        )}
      </Space>
      {report && (
        <>
          <Alert
            type={report.errors.length ? 'warning' : 'success'}
            message={t('activities.importReport', report)}
            style={{ marginBottom: 8 }}
          />
          <List
            size="small"
            dataSource={report.errors}
            renderItem={(e) => <List.Item>{t('activities.rowError', { row: e.row, message: l(e.message) })}</List.Item>}
          />
        </>
      )}
    </Card>
  );
}
