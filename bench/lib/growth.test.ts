import { describe, expect, it } from 'vitest';
import { factorPer10x, growthRows } from './growth.js';
import type { Figure } from './types.js';

const latency = (name: string, p95: number, rawP95: number | null): Figure => ({
  name,
  module: 'm',
  target: 'postgres',
  unit: 'ms',
  p50: p95 / 2,
  p95,
  p99: p95,
  n: 10,
  goal: null,
  goalMet: null,
  rawSql: rawP95 === null ? null : { statement: 's', unit: 'ms', p50: rawP95 / 2, p95: rawP95, p99: rawP95 },
  ratio: null,
});

describe('growth with the data', () => {
  it('is the time multiplied per 10× data, fitted over every scale', () => {
    expect(
      factorPer10x([
        { scale: 0.01, time: 2 },
        { scale: 0.1, time: 20 },
        { scale: 1, time: 200 },
      ]),
    ).toBeCloseTo(10);
    expect(
      factorPer10x([
        { scale: 0.01, time: 5 },
        { scale: 1, time: 5 },
      ]),
    ).toBeCloseTo(1);
    expect(
      factorPer10x([
        { scale: 0.1, time: 4 },
        { scale: 1, time: 8 },
      ]),
    ).toBeCloseTo(2);
    expect(
      factorPer10x([
        { scale: 0.1, time: 4 },
        { scale: 1, time: null },
      ]),
    ).toBeNull();
  });

  it('flags operations whose API or raw SQL time grows about in proportion to the data', () => {
    const rows = growthRows([
      {
        scale: 0.01,
        figures: [latency('index_lookup', 2, 0.5), latency('scan', 3, 1), latency('hidden_scan', 10, 0.1)],
      },
      {
        scale: 0.1,
        figures: [latency('index_lookup', 2.2, 0.55), latency('scan', 30, 10), latency('hidden_scan', 11, 1)],
      },
    ]);
    const by = new Map(rows.map((r) => [r.figure, r]));
    expect(by.get('index_lookup')).toMatchObject({ linear: false, rawLinear: false, api: { '0.01': 2, '0.1': 2.2 } });
    expect(by.get('scan')).toMatchObject({ linear: true, rawLinear: true, factorPer10x: 10 });
    expect(by.get('hidden_scan')).toMatchObject({ linear: false, rawLinear: true });
  });

  it('compares throughput as the time per request', () => {
    const rate = (value: number): Figure => ({
      name: 'reads',
      module: 'm',
      target: 'postgres',
      unit: 'req/s',
      value,
      p50: 1,
      p95: null,
      p99: 2,
      n: 100,
      goal: null,
      goalMet: null,
      rawSql: null,
      ratio: null,
    });
    const [row] = growthRows([
      { scale: 0.1, figures: [rate(2000)] },
      { scale: 1, figures: [rate(1000)] },
    ]);
    expect(row).toMatchObject({ metric: 'ms per req (1/throughput)', api: { '0.1': 0.5, '1': 1 }, factorPer10x: 2 });
  });
});
