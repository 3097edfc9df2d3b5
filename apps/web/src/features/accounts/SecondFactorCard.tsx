import { useState } from 'react';
import { Card, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Me } from '@jinguo/contracts';
import { ME_KEY, useMe } from '../../app/auth';
import { Enrol, RecoveryCodesShown } from './SecondFactorPage';

/**
 * My second factor on my account page: enrolled, or an authenticator to add of my own accord (roles that need it enrol
 * at sign-in). Only the security officer resets one.
 */
export function SecondFactorCard() {
  const { t } = useTranslation();
  const me = useMe();
  const qc = useQueryClient();
  const [codes, setCodes] = useState<string[] | null>(null);
  const enrolled = () => qc.setQueryData<Me | null>(ME_KEY, (m) => (m ? { ...m, secondFactor: 'done' } : m));
  return (
    <Card title={t('secondFactor.label')} style={{ marginTop: 16 }} data-testid="my-second-factor">
      {codes ? (
        <RecoveryCodesShown
          codes={codes}
          onContinue={() => {
            setCodes(null);
            enrolled();
          }}
        />
      ) : me.secondFactor === 'done' ? (
        <Typography.Text>{t('secondFactor.enrolledNote')}</Typography.Text>
      ) : (
        <Enrol onEnrolled={setCodes} />
      )}
    </Card>
  );
}
