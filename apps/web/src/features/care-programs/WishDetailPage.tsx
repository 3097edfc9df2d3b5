import { Alert, Card, Descriptions, Image, Space, Spin, Tag } from 'antd';
import { FileOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { WISH_STATE_LABELS } from '@jinguo/contracts';
import { errorText } from '../../app/notify';
import { formatDateTime } from '../../app/time';
import { useLocalize } from '../../i18n';
import { proofUrl, useWish } from './care-kindness.api';
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
          {w.fulfilledOn && <Descriptions.Item label={t('care.wishes.fulfilledOn')}>{w.fulfilledOn}</Descriptions.Item>}
          {w.fulfilmentNote && (
            <Descriptions.Item label={t('care.pairings.note')}>{w.fulfilmentNote}</Descriptions.Item>
          )}
        </Descriptions>
        <div style={{ marginTop: 12 }}>
          <WishActions wish={w} />
        </div>
      </Card>
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
