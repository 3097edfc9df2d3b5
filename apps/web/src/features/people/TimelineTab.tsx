import { Alert, Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { useTimeline } from './people.api';
import { formatDateTime } from '../../app/time';

const SOURCES = ['people', 'families', 'visits', 'demands', 'cases'] as const;
const SOURCE_COLORS: Record<(typeof SOURCES)[number], string> = {
  people: 'blue',
  families: 'gold',
  visits: 'green',
  demands: 'cyan',
  cases: 'red',
};
const isKnown = (s: string): s is (typeof SOURCES)[number] => (SOURCES as readonly string[]).includes(s);

/** 时间线: one list of everything the platform knows about her; each module contributes its entries on the server. */
export function TimelineTab({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const timeline = useTimeline(personId);
  if (timeline.error) return <Alert type="error" showIcon title={errorText(timeline.error)} />;
  if (!timeline.data) return <Skeleton active />;
  if (timeline.data.length === 0) return <Empty description={t('common.noData')} />;
  return (
    <Timeline
      data-testid="person-timeline"
      items={timeline.data.map((e, i) => ({
        key: `${e.at}-${e.kind}-${i}`,
        color: isKnown(e.source) ? SOURCE_COLORS[e.source] : 'gray',
        content: (
          <div>
            <Typography.Text type="secondary" style={{ marginInlineEnd: 8 }}>
              {formatDateTime(e.at)}
            </Typography.Text>
            <Tag>{isKnown(e.source) ? t(`people.timelineSources.${e.source}`) : e.source}</Tag>
            {e.link ? <Link to={e.link}>{l(e.title)}</Link> : l(e.title)}
            {e.detail && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {l(e.detail)}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
