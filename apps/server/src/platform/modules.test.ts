import { describe, expect, it } from 'vitest';
import { collectExtensions, type DutyCounter, type ModuleDeclaration } from './modules.js';

const counter = (...codes: string[]): DutyCounter => ({
  kinds: codes.map((code) => ({ code, label: { 'zh-CN': code, 'en-US': code } })),
  count: () => Promise.resolve([]),
});
const declaration = (name: string, duties?: DutyCounter) =>
  ({ name, tables: {}, needs: [], duties, create: () => ({ api: {} }) }) as unknown as ModuleDeclaration;

describe('the duties extension point', () => {
  it('collects each module’s duty counter in list order', () => {
    const ext = collectExtensions([
      declaration('visits', counter('visits.made', 'visits.households')),
      declaration('people'),
      declaration('demands', counter('demands.handled')),
    ]);
    expect(ext.duties.map((d) => d.module)).toEqual(['visits', 'demands']);
    expect(ext.duties.flatMap((d) => d.counter.kinds.map((k) => k.code))).toEqual([
      'visits.made',
      'visits.households',
      'demands.handled',
    ]);
  });

  it('refuses a duty kind two modules declare', () => {
    expect(() =>
      collectExtensions([declaration('a', counter('visits.made')), declaration('b', counter('visits.made'))]),
    ).toThrow(/duty kind visits.made is declared twice/);
  });
});
