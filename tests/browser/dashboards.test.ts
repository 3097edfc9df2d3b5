import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserForFile, openPage, signIn } from './helpers.js';

const browser = browserForFile();

/** The middle of 开州区's outline in the cockpit's map (the mean of its outer ring). */
function kaizhouPoint(): [number, number] {
  const geo = JSON.parse(
    readFileSync(resolve(import.meta.dirname, '../../apps/web/src/features/dashboards/chongqing.geo.json'), 'utf8'),
  ) as { features: { properties: { name: string }; geometry: { coordinates: number[][][] } }[] };
  const ring = geo.features.find((f) => f.properties.name === '开州区')!.geometry.coordinates[0]!;
  return [ring.reduce((a, p) => a + p[0]!, 0) / ring.length, ring.reduce((a, p) => a + p[1]!, 0) / ring.length];
}

describe('the statistics cockpit', () => {
  it('the city cadre drills the map from the city into 开州区, then a table row into a street', async () => {
    const { context, page } = await openPage(browser());
    try {
      await signIn(page, 'city.cadre');
      await page.getByTestId('menu-cockpit').click();
      const map = page.getByTestId('district-map');
      await map.locator('canvas').first().waitFor();
      await page.getByTestId('figures-table').getByText('开州区妇联').waitFor();
      // the map's own figures (a query of its own) have arrived: 开州区 is a region with a value
      await expect
        .poll(() =>
          map.evaluate(
            (el) =>
              (
                el as HTMLElement & { jinguoChart: { getOption(): { series: { data?: { name: string }[] }[] } } }
              ).jinguoChart
                .getOption()
                .series[0]?.data?.some((d) => d.name === '开州区') ?? false,
          ),
        )
        .toBe(true);
      // where ECharts drew 开州区 (a region has no element of its own), then a real click there
      const lngLat = kaizhouPoint();
      const at = await map.evaluate(
        (el, p) =>
          (
            el as HTMLElement & { jinguoChart: { convertToPixel(f: object, v: number[]): number[] } }
          ).jinguoChart.convertToPixel({ geoIndex: 0 }, p),
        lngLat,
      );
      await map.scrollIntoViewIfNeeded();
      const box = (await map.boundingBox())!;
      // a click that lands while the chart redraws is lost (a fresh-clone run lost it twice beside npm test's other
      // lanes): click again, as a user would, until the cockpit has moved into the district
      const here = page.getByTestId('cockpit-here').getByText('开州区妇联');
      await expect
        .poll(async () => {
          if (!(await here.isVisible())) await page.mouse.click(box.x + at[0]!, box.y + at[1]!);
          return here.isVisible();
        })
        .toBe(true);
      // the district's streets in the table, the map still showing the district among the others
      await page.getByTestId('figures-table').getByText('汉丰街道妇联').waitFor();
      expect(await map.count()).toBe(1);
      await page.getByTestId('figures-table').locator('a', { hasText: '汉丰街道妇联' }).click();
      await page.getByTestId('cockpit-here').getByText('汉丰街道妇联').waitFor();
      // below the district level the map gives way to the tables; the trail leads back
      await expect.poll(() => page.getByTestId('district-map').count()).toBe(0);
      await page.getByTestId('cockpit-trail').locator('a').first().click();
      await page.getByTestId('cockpit-here').getByText('重庆市').waitFor();
    } finally {
      await context.close();
    }
  });
});
