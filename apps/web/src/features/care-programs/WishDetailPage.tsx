import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Image, InputNumber, List, Space, Spin, Tag } from 'antd';
import { FileOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { WISH_CLAIM_DAYS_MAX, WISH_CLAIM_OUTCOME_LABELS, WISH_STATE_LABELS, type Wish } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { errorText } from '../../app/notify';
import { formatDateTime } from '../../app/time';
import { useLocalize } from '../../i18n';
import { proofUrl, useWish, useWishActions } from './care-kindness.api';
import { ClaimDeadline } from './ClaimDeadline';
import { WishActions } from './WishActions';

/**
 * One wish for staff: for whom (in clear, to the subtree), what the public sees of it (masked name, district), the
 * donor, the fulfilment and its proofs (photos shown, documents linked: they never leave the staff side).
 */
export function WishDetailPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const id = Number(useParams().wishId);
  const wish = useWish(id);
  if (wish.isLoading) return <Spin />;
  if (wish.error || !wish.data) return <Alert type="error" showIcon message={errorText(wish.error)} />;
  const w = wish.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="wish-detail">
      <Card
        title={`${w.title} · ${w.amount} ${t('care.wishes.yuan')}`}
        extra={<Tag data-testid="wish-state">{l(WISH_STATE_LABELS[w.state])}</Tag>}
      >
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('care.wishes.for')}>
            {w.person ? (
              <Link to={`/people/${w.person.id}`}>{w.person.name}</Link>
            ) : (
              `${w.publicName}（${t('care.wishes.fromResident')}）`
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('care.pairings.org')}>{w.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('care.wishes.publicName')}>{w.publicName}</Descriptions.Item>
          <Descriptions.Item label={t('care.wishes.createdAt')}>{formatDateTime(w.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('care.description')} span={2}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{w.description}</div>
          </Descriptions.Item>
          {w.reviewNote && (
            <Descriptions.Item label={t('care.wishes.review')} span={2}>
              {w.reviewNote}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('care.wishes.donor')}>
            {w.donor
              ? `${w.donor.name}${w.donor.phone ? ` ${w.donor.phone}` : ''}（${t(`care.wishes.donorKinds.${w.donor.kind}`)}）`
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('care.wishes.claimedAt')}>
            {w.claimedAt ? formatDateTime(w.claimedAt) : '—'}
          </Descriptions.Item>
          {w.claimDeadline && (
            <Descriptions.Item label={t('care.wishes.deadline')}>
              <ClaimDeadline deadline={w.claimDeadline} daysLeft={w.daysLeft} />
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('care.wishes.claimDays')}>
            <ClaimDays wish={w} />
          </Descriptions.Item>
          {w.fulfilledOn && <Descriptions.Item label={t('care.wishes.fulfilledOn')}>{w.fulfilledOn}</Descriptions.Item>}
          {w.fulfilmentNote && (
            <Descriptions.Item label={t('care.pairings.note')}>{w.fulfilmentNote}</Descriptions.Item>
          )}
        </Descriptions>
        <div style={{ marginTop: 12 }}>
          <WishActions wish={w} />
        </div>
      </Card>
      {w.pastClaims.length > 0 && (
        <Card title={t('care.wishes.pastClaims')} size="small">
          <List
            size="small"
            data-testid="wish-past-claims"
            dataSource={w.pastClaims}
            renderItem={(c) => (
              <List.Item extra={formatDateTime(c.endedAt)}>
                <Space wrap>
                  <span>
                    {t('care.wishes.pastClaim', {
                      name: `${c.donor.name}${c.donor.phone ? ` ${c.donor.phone}` : ''}`,
                      at: formatDateTime(c.claimedAt),
                      deadline: c.deadline ?? '—',
                    })}
                  </span>
                  <Tag color={c.outcome === 'expired' ? 'orange' : undefined}>
                    {l(WISH_CLAIM_OUTCOME_LABELS[c.outcome])}
                  </Tag>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card title={t('care.wishes.proofs')} size="small" extra={t('care.wishes.proofPrivate')}>
        <Space wrap data-testid="wish-proofs">
          {w.proofs.map((f) =>
            f.mime.startsWith('image/') ? (
              <Space key={f.id} direction="vertical" align="center">
                <Image width={160} src={proofUrl(w.id, f.id)} alt={f.name} data-testid="wish-proof-image" />
                <span>{f.name}</span>
              </Space>
            ) : (
              <a key={f.id} href={proofUrl(w.id, f.id)} target="_blank" rel="noreferrer">
                <FileOutlined /> {f.name}
              </a>
            ),
          )}
          {!w.proofs.length && <span>{t('care.wishes.noProof')}</span>}
        </Space>
      </Card>
    </Space>
  );
}

/** The days the wish gives its donors; changed by whoever manages care programs while the wish is open. */
function ClaimDays({ wish }: { wish: Wish }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { settings } = useWishActions();
  const [days, setDays] = useState<number | null>(null);
  const open = ['submitted', 'published', 'claimed'].includes(wish.state);
  if (!can('care.manage') || !open) return <span>{wish.claimDays}</span>;
  const value = days ?? wish.claimDays;
  return (
    <Space direction="vertical" size={4}>
      <Space>
        <InputNumber
          min={1}
          max={WISH_CLAIM_DAYS_MAX}
          precision={0}
          value={value}
          onChange={(v) => setDays(v)}
          data-testid="wish-claim-days"
        />
        <Button
          size="small"
          disabled={value === wish.claimDays}
          loading={settings.isPending}
          onClick={() => settings.mutate({ id: wish.id, claimDays: value }, { onSuccess: () => setDays(null) })}
        >
          {t('common.save')}
        </Button>
      </Space>
      <span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('care.wishes.claimDaysHint')}</span>
      {settings.error && <Alert type="error" showIcon message={errorText(settings.error)} />}
    </Space>
  );
}
