import type { dashboardsZhCN } from './dashboards.zh-CN';

/** The cockpit and the indicator catalogue in English, merged into en-US.ts. */
export const dashboardsEnUS: typeof dashboardsZhCN = {
  dashboards: {
    menu: 'Her figures',
    cockpit: 'Statistics cockpit',
    catalogue: 'Indicator catalogue',
    catalogueIntro:
      'The definition, unit, source module and formula of every figure. Event figures come from live counters (updated by the write itself, recomputable from the records); organizations by type are stock counters (+1 when founded, -1 when merged or dissolved) summed to the end of the period; spaces and their coverage are counted from the records as they stood at the end of the period.',
    searchIndicators: 'Search by name or code',
    topic: 'Topic',
    topics: {
      organizations: 'Organizations',
      visits: 'Visits',
      demands: 'Demands',
      cases: 'Rights protection',
      families: 'Families',
    },
    name: 'Indicator',
    code: 'Code',
    definition: 'Definition',
    unit: 'Unit',
    module: 'Module',
    formula: 'Formula',
    source: 'Source',
    fromCounters: 'Live counters',
    fromRecords: 'Records at the end of the period',
    structureToday: "Today's structure",
    structurePeriod: "The period's structure",
    structureNote:
      "The period's structure: a period before a reorganization (such as the 2025 creation of 两江新区) lists the districts of then, each with the towns it had then; records kept directly by a merged federation count with the one that absorbed it.",
    excel: 'Excel',
    pdf: 'PDF',
    screen: 'Big display',
    leaveScreen: 'Leave big display',
    sameTime: 'Compared with',
    updated: 'updated',
    mapNote: 'schematic district map (not a standard map); the functional zones are markers',
    zoneMarker: 'functional zone',
    ranking: 'Ranking',
    thisPeriod: 'This period',
    lastYear: 'A year before',
    columns: 'Table figures',
    org: 'Organization',
    total: 'total',
    historical: 'merged',
  },
};
