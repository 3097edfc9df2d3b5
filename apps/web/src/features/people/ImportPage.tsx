import { useState } from 'react';
import { Alert, Card, Divider, Skeleton, Steps } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '@jinguo/contracts';
import { errorText, notifySuccess } from '../../app/notify';
import { useImport } from './people-import.api';
import { ImportTemplateStep } from './ImportTemplateStep';
import { ImportUploadStep } from './ImportUploadStep';
import { ImportPreviewStep } from './ImportPreviewStep';
import { ImportProgressStep } from './ImportProgressStep';
import { RecentImportsTable } from './RecentImportsTable';

/**
 * 导入 wizard: template → upload → preview → import. The import being looked at is in the URL (`?importId=`), so
 * a reload, or coming back later, shows its preview or its progress where it is.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const importId = Number(params.get('importId')) || null;
  const imp = useImport(importId);
  const [start, setStart] = useState<0 | 1>(0);
  const [preview, setPreview] = useState<ImportPreview | null>(null);

  const open = (id: number | null) => setParams(id ? { importId: String(id) } : {}, { replace: false });
  const restart = () => {
    setPreview(null);
    setStart(1);
    open(null);
  };

  const status = imp.data?.status;
  const step = importId === null ? start : status === 'validating' || status === 'validated' ? 2 : 3;
  let body: React.ReactNode;
  if (importId === null) {
    body =
      start === 0 ? (
        <ImportTemplateStep onNext={() => setStart(1)} />
      ) : (
        <ImportUploadStep
          onBack={() => setStart(0)}
          onUploaded={(p) => {
            setPreview(p);
            open(p.id);
          }}
        />
      );
  } else if (imp.error) {
    body = <Alert type="error" showIcon title={errorText(imp.error)} />;
  } else if (!imp.data) {
    body = <Skeleton active />;
  } else if (step === 2) {
    body = (
      <ImportPreviewStep
        imp={imp.data}
        preview={preview?.id === importId ? preview : null}
        onReupload={restart}
        onDiscarded={() => {
          notifySuccess(t('imports.discarded'));
          restart();
        }}
      />
    );
  } else {
    body = <ImportProgressStep imp={imp.data} onAnother={restart} />;
  }

  return (
    <Card title={t('menu.import')} data-testid="import-page">
      <Steps
        current={step}
        status={status === 'done' ? 'finish' : status === 'failed' || status === 'discarded' ? 'error' : 'process'}
        style={{ marginBottom: 24 }}
        data-testid="import-steps"
        items={[
          { title: t('imports.steps.template') },
          { title: t('imports.steps.upload') },
          { title: t('imports.steps.preview') },
          { title: t('imports.steps.import') },
        ]}
      />
      {body}
      <Divider />
      <RecentImportsTable onOpen={(id) => open(id)} currentId={importId} />
    </Card>
  );
}
