import { Alert, Button, Card, Descriptions, Image, List, Space, Spin, Tag, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { URGENCY_LABELS } from '@jinguo/contracts';
import { errorText, notifyError } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { useCategoryName } from '../demands/useCategoryName';
import { useAddPhoto, useConvertNeed, useRemovePhoto, useVisit } from './visits.api';

export function VisitDetailPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const category = useCategoryName();
  const id = Number(useParams().visitId);
  const visit = useVisit(id);
  const convert = useConvertNeed(id);
  const addPhoto = useAddPhoto(id);
  const removePhoto = useRemovePhoto(id);
  if (visit.isLoading) return <Spin />;
  if (visit.error || !visit.data) return <Alert type="error" showIcon message={errorText(visit.error)} />;
  const v = visit.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="visit-detail">
      <Card
        title={`${t(('visits.kinds.' + v.kind) as 'visits.kinds.other')} · ${v.visitedOn}`}
        extra={v.campaign && <Tag color="magenta">{v.campaign.name}</Tag>}
      >
        <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('demands.org')}>{v.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('visits.place')}>{v.place}</Descriptions.Item>
          <Descriptions.Item label={t('visits.visitors')}>
            {v.visitors.map((u) => u.displayName).join('、')}
            {v.companions ? `；${v.companions}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('visits.followUpOn')}>{v.followUpOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('visits.subjects')} span={2}>
            <Space wrap>
              {v.persons.map((p) => (
                <Link key={`p${p.id}`} to={`/people/${p.id}`}>
                  {p.name}
                </Link>
              ))}
              {v.families.map((f) => (
                <Link key={`f${f.id}`} to={`/families/${f.id}`}>
                  {f.name}
                </Link>
              ))}
              {v.orgs.map((o) => (
                <Tag key={`o${o.id}`}>{o.name}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('visits.situation')} span={2}>
            <div style={{ whiteSpace: 'pre-wrap' }}>{v.situation}</div>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('visits.needs')} size="small">
        <List
          dataSource={v.needs}
          locale={{ emptyText: '—' }}
          renderItem={(n) => (
            <List.Item
              actions={[
                n.demandId ? (
                  <Link key="d" to={`/demands/${n.demandId}`}>
                    {t('visits.converted')}
                  </Link>
                ) : v.canEdit ? (
                  <Button
                    key="c"
                    size="small"
                    loading={convert.isPending}
                    onClick={() => convert.mutate(n.id)}
                    data-testid={`need-convert-${n.id}`}
                  >
                    {t('visits.toDemand')}
                  </Button>
                ) : (
                  <Tag key="n">{t('visits.notConverted')}</Tag>
                ),
              ]}
            >
              <List.Item.Meta
                title={
                  <Space>
                    {n.title}
                    <Tag>{category(n.category)}</Tag>
                    <Tag>{l(URGENCY_LABELS[n.urgency]).replace(/（.*）|\s\(.*\)/, '')}</Tag>
                  </Space>
                }
                description={n.description}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card
        title={t('visits.photos')}
        size="small"
        extra={
          v.canEdit && (
            <Upload
              accept="image/jpeg,image/png,image/webp,image/gif"
              showUploadList={false}
              customRequest={({ file, onSuccess, onError }) =>
                addPhoto.mutate(file as File, {
                  onSuccess: () => onSuccess?.({}),
                  onError: (e) => {
                    notifyError(e);
                    onError?.(e as Error);
                  },
                })
              }
            >
              <Button icon={<UploadOutlined />} loading={addPhoto.isPending} data-testid="visit-photo-upload">
                {t('visits.addPhoto')}
              </Button>
            </Upload>
          )
        }
      >
        <Space wrap>
          {v.photos.map((p) => (
            <Space key={p.id} direction="vertical" align="center">
              <Image width={160} src={`/api/v1/visits/${v.id}/photos/${p.id}`} alt={p.name} />
              {v.canEdit && (
                <Button size="small" type="link" danger onClick={() => removePhoto.mutate(p.id)}>
                  {t('common.delete')}
                </Button>
              )}
            </Space>
          ))}
          {!v.photos.length && <span>{t('visits.photoRule')}</span>}
        </Space>
      </Card>
    </Space>
  );
}
