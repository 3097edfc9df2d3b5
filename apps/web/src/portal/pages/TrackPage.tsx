import { useState } from 'react';
import { Alert, Button, Card, Input, Space } from 'antd';
import { useSearchParams } from 'react-router';
import { DemandProgress } from '../DemandProgress';
import { useT } from '../i18n';
import { useTracked } from '../portal.api';

/** Follow an anonymous request by its tracking code (no account needed). */
export function TrackPage() {
  const { t } = useT();
  const [params, setParams] = useSearchParams();
  const code = params.get('code');
  const [input, setInput] = useState(code ?? '');
  const tracked = useTracked(code && /^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/.test(code) ? code : null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('track')} size="small">
        <p>{t('trackIntro')}</p>
        <Space.Compact style={{ width: '100%' }}>
          <Input
            value={input}
            onChange={(e) => setInput(e.target.value.toUpperCase())}
            placeholder="XXXX-XXXX-XXXX-XXXX"
            maxLength={19}
            data-testid="portal-track-code"
          />
          <Button type="primary" onClick={() => setParams({ code: input.trim() })} data-testid="portal-track-submit">
            {t('track')}
          </Button>
        </Space.Compact>
      </Card>
      {tracked.isError && <Alert type="warning" showIcon message={t('trackNotFound')} />}
      {tracked.data && code && <DemandProgress demand={tracked.data} target={{ code }} />}
    </Space>
  );
}
