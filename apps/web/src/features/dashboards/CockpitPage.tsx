import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Breadcrumb, Button, Card, Col, DatePicker, Row, Segmented, Select, Space, Typography } from 'antd';
import { DesktopOutlined, FileExcelOutlined, FilePdfOutlined, FullscreenExitOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CockpitStructure } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { federationToday, formatTime } from '../../app/time';
import { notifyError } from '../../app/notify';
import { useLang, useLocalize } from '../../i18n';
import { saveBlob } from '../people/saveBlob';
import { downloadCockpit, useCatalogue, useCockpit, useTrend, type CockpitParams } from './dashboards.api';
import { DistrictMap, mapKey } from './DistrictMap';
import { FiguresTable } from './FiguresTable';
import { HeadlineFigures } from './HeadlineFigures';
import { RankingChart, TrendChart } from './CockpitCharts';

/** The indicators shown first, when the reader may read them (the catalogue page lists all). */
const HEADLINE = [
  'visits.done',
  'demands.received',
  'activities.held',
  'activities.reached',
  'demands.timely_sign_rate',
  'demands.on_time_rate',
  'demands.satisfaction_rate',
  'cases.reports',
  'cases.mediations',
  'organizations.type.womens_group',
  'organizations.spaces',
  'people.model_families',
];
const REFRESH_MS = 30_000;

/**
 * 数据驾驶舱: any org (drill down from the city to a village) and period; the district map at the city and district
 * levels, the ranking of the children, the trend by month against the year before, a table of every chosen figure;
 * exports to Excel and PDF; a full-screen mode for the big display that refreshes itself.
 */
export function CockpitPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const localize = useLocalize();
  const acting = useActingOrg();
  const [params, setParams] = useSearchParams();
  const screen = params.get('screen') === '1';
  const today = federationToday();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.startOf('year'), today]);
  const [structure, setStructure] = useState<CockpitStructure>('today');
  const catalogue = useCatalogue();
  const known = useMemo(() => new Map((catalogue.data?.items ?? []).map((i) => [i.code, i])), [catalogue.data]);
  const readable = useMemo(() => HEADLINE.filter((c) => known.has(c)), [known]);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const columns = chosen ?? readable;
  const [mapIndicator, setMapIndicator] = useState('visits.done');
  const [trail, setTrail] = useState<{ id: number; name: string; type: string }[]>([]);
  useEffect(() => {
    if (acting) setTrail([{ id: acting.id, name: acting.name, type: acting.type }]);
  }, [acting]);
  const here = trail[trail.length - 1];
  const city = trail[0]?.type === 'city_federation' ? trail[0] : null;
  const period = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  const refresh = screen ? REFRESH_MS : undefined;
  const indicators = [...new Set([mapIndicator, ...columns])].join(',');
  const q: CockpitParams = { orgId: here?.id, ...period, structure, indicators };
  const view = useCockpit(q, refresh);
  // the map shows the city's districts while the view is the city or one of its districts
  const atDistrict = city && trail.length === 2 ? trail[1] : null;
  const cityView = useCockpit({ orgId: city?.id, ...period, structure, indicators: mapIndicator }, refresh);
  const trend = useTrend({ orgId: here?.id, ...period, indicators: mapIndicator }, refresh);
  const unitOf = (code: string) => known.get(code)?.unit ?? 'count';
  const box = useRef<HTMLDivElement>(null);

  const drill = (orgId: number) => {
    const row = view.data?.rows.find((r) => r.org.id === orgId) ?? cityView.data?.rows.find((r) => r.org.id === orgId);
    if (!row || !row.org.active || row.org.childCount === 0) return;
    const base = cityView.data?.rows.some((r) => r.org.id === orgId) && city ? [city] : trail;
    setTrail([...base, { id: row.org.id, name: row.org.name, type: row.org.type }]);
  };
  const exportAs = async (kind: 'xlsx' | 'pdf') => {
    try {
      const { blob, filename } = await downloadCockpit(kind, { ...q, indicators: columns.join(',') }, lang);
      saveBlob(blob, filename ?? `cockpit.${kind}`);
    } catch (e) {
      notifyError(e);
    }
  };
  const enterScreen = () => {
    setParams({ screen: '1' });
    void box.current?.requestFullscreen?.().catch(() => undefined);
  };
  const leaveScreen = () => {
    setParams({});
    if (document.fullscreenElement) void document.exitFullscreen();
  };

  const mapRows = cityView.data?.rows ?? [];
  const selectedKey = atDistrict ? mapRows.find((r) => r.org.id === atDistrict.id) : undefined;
  const dark = screen;
  const controls = (
    <Space wrap>
      <DatePicker.RangePicker
        value={range}
        allowClear={false}
        onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        disabledDate={(d) => d.isAfter(federationToday(), 'day')}
        data-testid="cockpit-range"
      />
      <Segmented
        value={structure}
        onChange={(v) => setStructure(v as CockpitStructure)}
        options={[
          { value: 'today', label: t('dashboards.structureToday') },
          { value: 'period', label: t('dashboards.structurePeriod') },
        ]}
      />
      <Select
        style={{ minWidth: 180 }}
        value={mapIndicator}
        onChange={setMapIndicator}
        data-testid="map-indicator"
        options={[...known.values()].map((i) => ({ value: i.code, label: localize(i.name) }))}
        showSearch={{ optionFilterProp: 'label' }}
      />
      {!screen && (
        <>
          <Button icon={<FileExcelOutlined />} onClick={() => void exportAs('xlsx')} data-testid="export-xlsx">
            {t('dashboards.excel')}
          </Button>
          <Button icon={<FilePdfOutlined />} onClick={() => void exportAs('pdf')} data-testid="export-pdf">
            {t('dashboards.pdf')}
          </Button>
        </>
      )}
      {screen ? (
        <Button icon={<FullscreenExitOutlined />} onClick={leaveScreen}>
          {t('dashboards.leaveScreen')}
        </Button>
      ) : (
        <Button icon={<DesktopOutlined />} onClick={enterScreen} data-testid="enter-screen">
          {t('dashboards.screen')}
        </Button>
      )}
    </Space>
  );

  return (
    <div
      ref={box}
      className={screen ? 'cockpit-screen' : undefined}
      // the big display covers the whole window (menu and header too), in the browser's full screen when allowed
      style={
        screen
          ? {
              position: 'fixed',
              inset: 0,
              zIndex: 1000,
              overflow: 'auto',
              background: '#0b1633',
              color: '#e6f0ff',
              padding: 16,
            }
          : undefined
      }
      data-testid="cockpit"
    >
      <Card
        title={
          <Space direction="vertical" size={0}>
            <span>{t('dashboards.cockpit')}</span>
            <Breadcrumb
              data-testid="cockpit-trail"
              items={trail.map((o, k) => ({
                key: o.id,
                title:
                  k < trail.length - 1 ? (
                    <a onClick={() => setTrail(trail.slice(0, k + 1))} style={dark ? { color: '#9fb3d9' } : undefined}>
                      {o.name}
                    </a>
                  ) : (
                    <span data-testid="cockpit-here" style={dark ? { color: '#e6f0ff' } : undefined}>
                      {o.name}
                    </span>
                  ),
              }))}
            />
          </Space>
        }
        extra={controls}
        styles={screen ? { header: { color: '#e6f0ff' }, body: { background: 'transparent' } } : {}}
        style={screen ? { background: 'transparent', borderColor: '#22365e' } : undefined}
      >
        {structure === 'period' && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('dashboards.structureNote')} />
        )}
        {view.data && (
          <HeadlineFigures
            row={view.data.total}
            codes={columns.slice(0, 6)}
            catalogue={known}
            dark={dark}
            caption={`${t('dashboards.sameTime')} ${view.data.previousFrom} ~ ${view.data.previousTo} · ${t('dashboards.updated')} ${formatTime(view.data.at)}`}
          />
        )}
        <Row gutter={16} style={{ marginTop: 12 }}>
          {city && trail.length <= 2 && (
            <Col xs={24} lg={13}>
              <Typography.Text type="secondary" style={dark ? { color: '#9fb3d9' } : undefined}>
                {localize(known.get(mapIndicator)?.name ?? { 'zh-CN': '', 'en-US': '' })} · {t('dashboards.mapNote')}
              </Typography.Text>
              <DistrictMap
                rows={mapRows}
                indicator={mapIndicator}
                unit={unitOf(mapIndicator)}
                selected={selectedKey ? mapKey(selectedKey) : null}
                dark={dark}
                height={screen ? '62vh' : 460}
                onPick={drill}
              />
            </Col>
          )}
          <Col xs={24} lg={city && trail.length <= 2 ? 11 : 24}>
            <RankingChart
              rows={view.data?.rows ?? []}
              indicator={mapIndicator}
              unit={unitOf(mapIndicator)}
              dark={dark}
              height={screen ? '30vh' : 230}
              onPick={drill}
            />
            <TrendChart trend={trend.data} unit={unitOf(mapIndicator)} dark={dark} height={screen ? '30vh' : 220} />
          </Col>
        </Row>
        {!screen && (
          <>
            <Space style={{ margin: '12px 0' }} wrap>
              <Typography.Text>{t('dashboards.columns')}</Typography.Text>
              <Select
                mode="multiple"
                style={{ minWidth: 420 }}
                value={columns}
                onChange={(v) => setChosen(v)}
                options={[...known.values()].map((i) => ({ value: i.code, label: localize(i.name) }))}
                maxTagCount="responsive"
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Space>
            <FiguresTable
              view={view.data}
              codes={columns}
              catalogue={known}
              loading={view.isFetching}
              onDrill={drill}
            />
          </>
        )}
      </Card>
    </div>
  );
}
