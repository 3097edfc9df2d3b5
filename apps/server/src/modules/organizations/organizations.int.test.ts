import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let city: Client, kaizhou: Client, hanfeng: Client, villageA: Client, villageB: Client, admin: Client, auditor: Client;
let ids: Record<string, number>;

beforeAll(async () => {
  t = await startTestPlatform({ today: '2026-11-26' });
  [city, kaizhou, hanfeng, villageA, villageB, admin, auditor] = (await Promise.all(
    ['city.cadre', 'kaizhou.cadre', 'hanfeng.cadre', 'village.a', 'village.b', 'admin', 'auditor'].map((u) =>
      t.login(u),
    ),
  )) as [Client, Client, Client, Client, Client, Client, Client];
  ids = {};
  for (const code of [
    '50',
    '500154',
    '500154001',
    '500154001001',
    '500154001002',
    '500101',
    '500101001',
    '500105',
    '500112',
    '500109',
    'LJXQ',
  ])
    ids[code] = await t.org(code);
});
afterAll(() => t?.close());

describe('tree', () => {
  it('roots at the acting org with its ancestors for the breadcrumb', async () => {
    const r = await villageA.get('/api/v1/organizations/roots');
    expect(r.status).toBe(200);
    expect(r.body.items.map((n: any) => n.code)).toEqual(['500154001001']);
    expect(r.body.ancestors.map((a: any) => a.code)).toEqual(['50', '500154', '500154001']);
  });

  it('lists children lazily with counts, statutory divisions first', async () => {
    const r = await kaizhou.get(`/api/v1/organizations/${ids['500154']}/children`);
    expect(r.status).toBe(200);
    const codes = r.body.items.map((n: any) => n.code);
    expect(codes.indexOf('500154001')).toBeLessThan(codes.indexOf('500154-SH'));
    const hanfengNode = r.body.items.find((n: any) => n.code === '500154001');
    expect(hanfengNode.childCount).toBeGreaterThan(5);
  });

  it('finds organizations by pinyin initials, full pinyin, name and code, only inside the subtree', async () => {
    const byInitials = await city.get('/api/v1/organizations/search?q=kzq');
    expect(byInitials.body.items[0].code).toBe('500154');
    const byPinyin = await city.get('/api/v1/organizations/search?q=hanfeng');
    expect(byPinyin.body.items.map((h: any) => h.code)).toContain('500154001');
    const byName = await city.get(`/api/v1/organizations/search?q=${encodeURIComponent('驷马')}`);
    expect(byName.body.items[0].path).toEqual(['重庆市妇联', '开州区妇联', '汉丰街道妇联']);
    const byCode = await city.get('/api/v1/organizations/search?q=500154001002');
    expect(byCode.body.items[0].code).toBe('500154001002');
    const outside = await villageA.get(`/api/v1/organizations/search?q=${encodeURIComponent('永兴')}`);
    expect(outside.body.items).toEqual([]);
  });
});

describe('the 2025-11-06 reorganization of the demo', () => {
  it('shows 两江新区 today, with 江北 and 渝北 merged into it', async () => {
    const today = await city.get(`/api/v1/organizations/${ids['50']}/children`);
    const codes = today.body.items.map((n: any) => n.code);
    expect(codes).toContain('LJXQ');
    expect(codes).not.toContain('500105');
    expect(codes).not.toContain('500112');
    const jiangbei = await city.get(`/api/v1/organizations/${ids['500105']}`);
    expect(jiangbei.body.status).toBe('merged');
    expect(jiangbei.body.mergedInto.code).toBe('LJXQ');
  });

  it('shows the old structure on a past date: 江北 and 渝北 present, no 两江新区', async () => {
    const past = await city.get(`/api/v1/organizations/${ids['50']}/children?at=2025-11-05`);
    const codes = past.body.items.map((n: any) => n.code);
    expect(codes).toEqual(expect.arrayContaining(['500105', '500112', '500109']));
    expect(codes).not.toContain('LJXQ');
    const districtsThen = past.body.items.filter((n: any) => n.type === 'district_federation').length;
    const now = await city.get(`/api/v1/organizations/${ids['50']}/children`);
    const districtsNow = now.body.items.filter((n: any) => n.type === 'district_federation').length;
    expect(districtsThen - districtsNow).toBe(1); // 38 → 37 on the full data
  });

  it('moved the five 渝北 towns to 北碚 and five 北碚 units to 两江新区', async () => {
    const beibei = await city.get(`/api/v1/organizations/${ids['500109']}/children`);
    const names = beibei.body.items.map((n: any) => n.name);
    expect(names).toEqual(
      expect.arrayContaining(['大湾镇妇联', '统景镇妇联', '大盛镇妇联', '兴隆镇妇联', '茨竹镇妇联']),
    );
    expect(names).not.toContain('水土街道妇联');
    const lj = await city.get(`/api/v1/organizations/${ids.LJXQ}/children`);
    const ljNames = lj.body.items.map((n: any) => n.name);
    expect(ljNames).toEqual(
      expect.arrayContaining([
        '水土街道妇联',
        '复兴街道妇联',
        '蔡家岗街道妇联',
        '施家梁镇妇联',
        '童家溪镇妇联',
        '双龙湖街道妇联',
      ]),
    );
    const pastBeibei = await city.get(`/api/v1/organizations/${ids['500109']}/children?at=2025-01-01`);
    expect(pastBeibei.body.items.map((n: any) => n.name)).toContain('水土街道妇联');
  });

  it('carried the scope of records with the moved orgs (spaces under old 渝北 now sit under 两江新区)', async () => {
    const rows = await t.sql<{ n: number }>(
      `select count(*)::int as n from org_spaces s join organizations o on o.id = s.org_id where s.org_path <> o.path`,
    );
    expect(rows[0]!.n).toBe(0);
    const history = await city.get(`/api/v1/organizations/${ids['500112']}/history`);
    expect(history.body.reorganizations.some((r: any) => r.effectiveDate === '2025-11-06')).toBe(true);
  });
});

describe('scope: a user reaches only her subtree, and the outside looks like nothing', () => {
  const orgEndpoints = (id: number) => [
    `/api/v1/organizations/${id}`,
    `/api/v1/organizations/${id}/children`,
    `/api/v1/organizations/${id}/ancestors`,
    `/api/v1/organizations/${id}/coverage`,
    `/api/v1/organizations/${id}/history`,
    `/api/v1/organizations/${id}/spaces`,
    `/api/v1/organizations/${id}/officers`,
    `/api/v1/organizations/${id}/terms`,
  ];

  it('a village user cannot read another village (404 on every read endpoint)', async () => {
    for (const url of orgEndpoints(ids['500154001002']!)) {
      const r = await villageA.get(url);
      expect(r.status, url).toBe(404);
      expect(r.body.code, url).toBe('ORG_NOT_FOUND');
    }
  });

  it('a village user cannot read her parent town either', async () => {
    for (const url of orgEndpoints(ids['500154001']!)) expect((await villageA.get(url)).status, url).toBe(404);
  });

  it('a district user reads its villages; a town user reads its villages', async () => {
    for (const c of [kaizhou, hanfeng, city]) {
      for (const url of orgEndpoints(ids['500154001002']!)) expect((await c.get(url)).status, url).toBe(200);
    }
  });

  it('a district user cannot reach another district', async () => {
    for (const url of orgEndpoints(ids['500101']!)) expect((await kaizhou.get(url)).status, url).toBe(404);
  });

  it('a village user cannot change another village: create under, edit, space, officer, term, reorganize', async () => {
    const other = ids['500154001002']!;
    const attempts = [
      villageA.post('/api/v1/organizations', { parentId: other, type: 'womens_group', name: '越权小组' }),
      villageA.patch(`/api/v1/organizations/${other}`, { address: '越权' }),
      villageA.post(`/api/v1/organizations/${other}/spaces`, { type: 'womens_home', name: '越权之家' }),
      villageA.post(`/api/v1/organizations/${other}/officers`, {
        name: '某某',
        position: 'chair',
        startedOn: '2026-01-01',
      }),
      villageA.post(`/api/v1/organizations/${other}/terms`, { number: 9, dueOn: '2031-01-01' }),
      villageA.post(`/api/v1/organizations/${other}/rename`, {
        name: '越权',
        effectiveDate: '2026-01-01',
        reason: '越权测试',
      }),
      villageA.post(`/api/v1/organizations/${other}/dissolve`, { effectiveDate: '2026-01-01', reason: '越权测试' }),
    ];
    for (const r of await Promise.all(attempts)) expect(r.status).toBe(404);
    const unchanged = await villageB.get(`/api/v1/organizations/${other}`);
    expect(unchanged.body.name).toBe('永兴社区妇联');
    expect(unchanged.body.address).toBeNull();
  });

  it('spaces, officers and terms of another village are out of reach by their own ids', async () => {
    const space = await villageB.post(`/api/v1/organizations/${ids['500154001002']}/spaces`, {
      type: 'childrens_home',
      name: '永兴儿童之家',
    });
    expect(space.status).toBe(201);
    expect((await villageA.patch(`/api/v1/spaces/${space.body.id}`, { name: '改名' })).status).toBe(404);
    expect((await villageA.delete(`/api/v1/spaces/${space.body.id}`)).status).toBe(404);
    const term = await villageB.post(`/api/v1/organizations/${ids['500154001002']}/terms`, {
      number: 3,
      dueOn: '2031-06-30',
    });
    expect((await villageA.post(`/api/v1/terms/${term.body.id}/transition`, { to: 'nominated' })).status).toBe(404);
    const officers = await villageB.get(`/api/v1/organizations/${ids['500154001002']}/officers`);
    expect(
      (
        await villageA.post(`/api/v1/officers/${officers.body.items[0].id}/end`, {
          endedOn: '2026-11-01',
          reason: '越权测试',
        })
      ).status,
    ).toBe(404);
  });

  it('the acting org must lie inside the home subtree', async () => {
    kaizhou.actingOrg = ids['500154001']!;
    const inside = await kaizhou.get('/api/v1/organizations/roots');
    expect(inside.body.items[0].code).toBe('500154001');
    expect((await kaizhou.get(`/api/v1/organizations/${ids['500154']}/children`)).status).toBe(404); // narrowed to the town
    kaizhou.actingOrg = ids['500101']!;
    expect((await kaizhou.get('/api/v1/organizations/roots')).status).toBe(404);
    kaizhou.actingOrg = null;
  });

  it('anonymous callers get 401; roles without org.write get 403', async () => {
    expect((await t.anonymous().get(`/api/v1/organizations/${ids['50']}`)).status).toBe(401);
    const r = await auditor.post('/api/v1/organizations', {
      parentId: ids['50'],
      type: 'new_sector_federation',
      name: '审计员建的',
    });
    expect(r.status).toBe(403);
  });
});

describe('row-level security is a second lock', () => {
  it('a scoped transaction that forgets its predicate still sees only the subtree', async () => {
    const { runScoped } = await import('../../platform/scope.js');
    const { queryRows } = await import('../../platform/db/client.js');
    const { sql } = await import('drizzle-orm');
    const path = (
      await t.sql<{ path: string }>('select path::text as path from organizations where code = $1', ['500154001001'])
    )[0]!.path;
    const actor = {
      kind: 'user',
      userId: 1,
      username: 'x',
      displayName: 'x',
      roles: ['cadre'],
      permissions: new Set(),
      homeOrgId: 0,
      homePath: path,
      scope: { orgId: 0, path, orgType: 'village_federation' },
      request: { ip: null, userAgent: null, requestId: null },
      session: { tokenHash: '', csrfToken: '' },
    } as const;
    const visible = await runScoped(t.platform.handle, actor as never, (s) =>
      queryRows<{ code: string }>(s.tx, sql`select code from organizations where type = 'village_federation'`),
    );
    expect(visible.map((r) => r.code)).toEqual(['500154001001']);
    const spaces = await runScoped(t.platform.handle, actor as never, (s) =>
      queryRows<{ org_path: string }>(s.tx, sql`select org_path::text from org_spaces`),
    );
    expect(spaces.every((r) => r.org_path.startsWith(path))).toBe(true);
    const audit = await runScoped(t.platform.handle, actor as never, async (s) => {
      try {
        await s.tx.execute(sql`delete from audit_events`);
        return 'deleted';
      } catch {
        return 'refused';
      }
    }).catch(() => 'refused');
    expect(audit).toBe('refused');
  });
});

describe('hot reads cost one round trip', () => {
  /** The messages sent to the database while `fn` runs (the session lookup aside). */
  async function messages(fn: () => Promise<unknown>): Promise<string[]> {
    const sent: string[] = [];
    const record = (text: unknown) => {
      const t = typeof text === 'string' ? text : String((text as { text?: string })?.text ?? '');
      if (!t.includes('"sessions"')) sent.push(t);
    };
    const h = t.platform.handle;
    const pg = (await import('pg')).default;
    const target: Record<'query' | 'exec', (...a: unknown[]) => unknown> = (h.pglite ?? pg.Client.prototype) as never;
    const original = { query: target.query, exec: target.exec };
    for (const m of ['query', 'exec'] as const) {
      if (!original[m]) continue;
      target[m] = function (this: unknown, ...a: unknown[]) {
        record(a[0]);
        return original[m]!.apply(this, a);
      };
    }
    try {
      await fn();
    } finally {
      target.query = original.query;
      if (original.exec) target.exec = original.exec;
    }
    return sent;
  }

  it('detail, children and coverage: the scope setup and one prepared statement in a single message', async () => {
    for (const url of [
      `/api/v1/organizations/${ids['500154']}`,
      `/api/v1/organizations/${ids['500154']}/children`,
      `/api/v1/organizations/${ids['500154']}/coverage`,
    ]) {
      expect((await kaizhou.get(url)).status).toBe(200); // prepares the statement on a connection
      // pg's pool may hand out another connection, which prepares once more: a PREPARE, then the one message
      const sent = (await messages(() => kaizhou.get(url))).filter((m) => !m.startsWith('prepare '));
      expect(sent, url).toHaveLength(1);
      expect(sent[0]).toContain("set_config('jinguo.scope_path'");
      expect(sent[0]).toMatch(/execute jinguo_[0-9a-f]+\(/);
    }
  });
});

describe('prepared reads keep cheap generic plans', () => {
  it('a city-wide scope never makes the detail or children statement scan the path index', async () => {
    const { preparedCall } = await import('../../platform/db/inline.js');
    const reads = await import('./organizations.reads.repository.js');
    const city = (await t.sql<{ path: string }>(`select path::text as path from organizations where code = '50'`))[0]!
      .path;
    const scope = { actor: null as never, scopePath: city, mobileOrgId: null };
    const h = t.platform.handle;
    const client = h.pool ? await h.pool.connect() : null;
    const run = async (text: string) =>
      (client ? (await client.query(text)).rows : (await h.pglite!.query<Record<string, string>>(text)).rows) as Record<
        string,
        string
      >[];
    try {
      await run('set plan_cache_mode = force_generic_plan');
      for (const statement of [
        reads.detailStatement(scope, ids['500154']!),
        reads.childrenStatement(scope, ids['500154']!, false),
        reads.coverageStatement(scope, ids['500154001']!),
      ]) {
        const call = preparedCall(statement);
        await run(`prepare plan_check as ${call.text}`);
        const plan = (await run(`explain ${call.execute.replace(call.name, 'plan_check')}`))
          .map((r) => Object.values(r)[0])
          .join('\n');
        await run('deallocate plan_check');
        // detail and children reach their rows by id and parent; only the coverage reads the subtree by path
        const byPath = /Index Cond: \([^)]*path <@/.test(plan);
        expect({ statement: call.text.slice(0, 60), byPath }, plan).toEqual({
          statement: call.text.slice(0, 60),
          byPath: call.text.includes('with target'),
        });
      }
    } finally {
      await run('reset plan_cache_mode').catch(() => {});
      client?.release();
    }
  });
});

describe('create, edit and reorganize with history', () => {
  it("creates a women's group under a village, audited, visible in the tree", async () => {
    const r = await villageA.post('/api/v1/organizations', {
      parentId: ids['500154001001'],
      type: 'womens_group',
      name: '驷马社区第三网格妇女小组',
      contactPhone: '13912345678',
    });
    expect(r.status).toBe(201);
    expect(r.body.contactPhone).toBe('139****5678');
    const children = await villageA.get(`/api/v1/organizations/${ids['500154001001']}/children`);
    expect(children.body.items.map((n: any) => n.name)).toContain('驷马社区第三网格妇女小组');
    const stored = await t.sql<{ contact_phone_enc: string }>(
      'select contact_phone_enc from organizations where id = $1',
      [r.body.id],
    );
    expect(stored[0]!.contact_phone_enc).not.toContain('13912345678');
    const audit = await t.sql<{ action: string; actor_name: string }>(
      `select action, actor_name from audit_events where target_type = 'organization' and target_id = $1`,
      [String(r.body.id)],
    );
    expect(audit).toEqual([{ action: 'org.create', actor_name: 'village.a' }]);
  });

  it('refuses a type that cannot sit under the parent', async () => {
    const r = await villageA.post('/api/v1/organizations', {
      parentId: ids['500154001001'],
      type: 'district_federation',
      name: '错误',
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('ORG_INVALID_PARENT');
  });

  it('renames with an effective date and keeps the old name in history', async () => {
    const town = ids['500101001']!;
    const before = await city.get(`/api/v1/organizations/${town}`);
    const r = await city.post(`/api/v1/organizations/${town}/rename`, {
      name: '高笋塘街道妇联',
      effectiveDate: '2026-06-01',
      reason: '街道更名',
    });
    expect(r.status).toBe(200);
    expect(r.body.name).toBe('高笋塘街道妇联');
    const h = await city.get(`/api/v1/organizations/${town}/history`);
    expect(h.body.versions.map((v: any) => v.name)).toEqual(['高笋塘街道妇联', before.body.name]);
    const past = await city.get(`/api/v1/organizations/${ids['500101']}/children?at=2026-05-31`);
    expect(past.body.items.find((n: any) => n.id === town).name).toBe(before.body.name);
  });

  it('refuses a future or pre-history effective date', async () => {
    const town = ids['500101001']!;
    expect(
      (
        await city.post(`/api/v1/organizations/${town}/rename`, {
          name: 'X',
          effectiveDate: '2030-01-01',
          reason: '未来日期',
        })
      ).body.code,
    ).toBe('ORG_INVALID_DATE');
    expect(
      (
        await city.post(`/api/v1/organizations/${town}/rename`, {
          name: 'X',
          effectiveDate: '2020-01-01',
          reason: '太早日期',
        })
      ).body.code,
    ).toBe('ORG_INVALID_DATE');
  });

  it('moves a village with its records, merges and dissolves, splitting a town into two', async () => {
    const hanfengId = ids['500154001']!;
    const wenfeng = await t.org('500154002');
    const kids = (await kaizhou.get(`/api/v1/organizations/${wenfeng}/children`)).body.items;
    const moved = kids[0];
    await kaizhou.post(`/api/v1/organizations/${moved.id}/spaces`, { type: 'womens_home', name: '迁移测试妇女之家' });
    const r = await kaizhou.post(`/api/v1/organizations/${moved.id}/move`, {
      newParentId: hanfengId,
      effectiveDate: '2026-10-01',
      reason: '调整隶属关系',
    });
    expect(r.status).toBe(200);
    expect(r.body.ancestors.map((a: any) => a.code)).toEqual(['50', '500154', '500154001']);
    const spaces = await hanfeng.get(`/api/v1/organizations/${moved.id}/spaces`);
    expect(spaces.body.items.map((s: any) => s.name)).toContain('迁移测试妇女之家'); // scope moved with it

    const cannot = await kaizhou.post(`/api/v1/organizations/${hanfengId}/move`, {
      newParentId: moved.id,
      effectiveDate: '2026-10-02',
      reason: '成环测试',
    });
    expect(cannot.body.code).toBe('ORG_INVALID_PARENT');

    const rest = (await kaizhou.get(`/api/v1/organizations/${wenfeng}/children`)).body.items;
    const split = await kaizhou.post(`/api/v1/organizations/${wenfeng}/split`, {
      effectiveDate: '2026-10-03',
      reason: '街道拆分',
      parts: [
        { name: '文峰东街道妇联', code: '500154002-E', childIds: rest.slice(0, 1).map((n: any) => n.id) },
        { name: '文峰西街道妇联', code: '500154002-W', childIds: rest.slice(1).map((n: any) => n.id) },
      ],
    });
    expect(split.status).toBe(200);
    expect(split.body.items.map((o: any) => o.name)).toEqual(['文峰东街道妇联', '文峰西街道妇联']);
    const old = await kaizhou.get(`/api/v1/organizations/${wenfeng}`);
    expect(old.body.status).toBe('merged');

    const east = split.body.items[0].id;
    const eastKids = (await kaizhou.get(`/api/v1/organizations/${east}/children`)).body.items;
    const busy = await kaizhou.post(`/api/v1/organizations/${east}/dissolve`, {
      effectiveDate: '2026-10-04',
      reason: '撤销测试',
    });
    expect(busy.body.code).toBe('ORG_HAS_CHILDREN');
    for (const k of eastKids)
      await kaizhou.post(`/api/v1/organizations/${k.id}/merge`, {
        targetId: split.body.items[1].id,
        effectiveDate: '2026-10-04',
        reason: '合并村社',
      });
    const gone = await kaizhou.post(`/api/v1/organizations/${east}/dissolve`, {
      effectiveDate: '2026-10-05',
      reason: '撤销测试',
    });
    expect(gone.body.status).toBe('dissolved');
    const then = await kaizhou.get(`/api/v1/organizations/${ids['500154']}/children?at=2026-10-01`);
    expect(then.body.items.map((n: any) => n.code)).toContain('500154002');
    const reorgs = await kaizhou.get('/api/v1/organizations/reorganizations?limit=3');
    expect(reorgs.body.items[0].kind).toBe('dissolve');
    expect(reorgs.body.nextCursor).toBeTruthy();
  });

  it('a user cannot restructure her own acting root', async () => {
    const r = await villageA.post(`/api/v1/organizations/${ids['500154001001']}/rename`, {
      name: 'X',
      effectiveDate: '2026-01-01',
      reason: '自我更名',
    });
    expect(r.status).toBe(403);
    const detail = await villageA.get(`/api/v1/organizations/${ids['500154001001']}`);
    expect(detail.body.allowedActions).not.toContain('reorganize');
    expect(detail.body.allowedActions).toContain('createChild');
  });
});

describe('spaces, officers, terms and coverage', () => {
  it('runs an election through its states and refuses illegal transitions', async () => {
    const id = ids['500154001001']!;
    const term = await villageA.post(`/api/v1/organizations/${id}/terms`, { number: 3, dueOn: '2031-11-30' });
    expect(term.status).toBe(201);
    expect(term.body.state).toBe('planned');
    const skip = await villageA.post(`/api/v1/terms/${term.body.id}/transition`, { to: 'elected' });
    expect(skip.status).toBe(409);
    expect(skip.body.code).toBe('TERM_INVALID_TRANSITION');
    for (const to of ['nominated', 'congress_held', 'elected', 'filed']) {
      const r = await villageA.post(`/api/v1/terms/${term.body.id}/transition`, { to, note: `${to} 完成` });
      expect(r.status, to).toBe(200);
    }
    const detail = await villageA.get(`/api/v1/organizations/${id}`);
    expect(detail.body.currentTerm.number).toBe(3);
    expect(detail.body.currentTerm.history).toHaveLength(5);
  });

  it('appoints and ends officers, phones masked and encrypted', async () => {
    const id = ids['500154001001']!;
    const o = await villageA.post(`/api/v1/organizations/${id}/officers`, {
      name: '刘春兰',
      position: 'executive_member',
      phone: '13800001234',
      startedOn: '2026-01-10',
      changeKind: 'added',
    });
    expect(o.status).toBe(201);
    expect(o.body.phone).toBe('138****1234');
    const ended = await villageA.post(`/api/v1/officers/${o.body.id}/end`, {
      endedOn: '2026-09-01',
      reason: '工作调动',
    });
    expect(ended.body.endedOn).toBe('2026-09-01');
    expect(
      (await villageA.post(`/api/v1/officers/${o.body.id}/end`, { endedOn: '2026-09-02', reason: '重复结束' })).status,
    ).toBe(409);
  });

  it('counts coverage of a subtree', async () => {
    const c = await kaizhou.get(`/api/v1/organizations/${ids['500154']}/coverage`);
    expect(c.status).toBe(200);
    const villages = await t.sql<{ n: number }>(
      `select count(*)::int as n from organizations o where o.path <@ (select path from organizations where code = '500154') and type = 'village_federation' and status = 'active'`,
    );
    expect(c.body.villages).toBe(villages[0]!.n);
    expect(c.body.villagesWithWomensHome).toBeLessThanOrEqual(c.body.villages);
    expect(c.body.womensGroups).toBeGreaterThanOrEqual(3);
    const overdue = await t.sql<{ n: number }>(
      `select count(*)::int as n from org_terms where org_path <@ (select path from organizations where code = '500154') and is_current and due_on < current_date and state in ('elected','filed')`,
    );
    expect(c.body.termsOverdue).toBe(overdue[0]!.n);
  });

  it('coverage stays equal to the plain per-figure queries through creates, moves, merges and dissolves', async () => {
    /** The figures computed the slow, obvious way, one query each, straight from the tables. */
    const oracle = async (orgId: number) => {
      const under = `(select path from organizations where id = ${Number(orgId)})`;
      const one = async (q: string) => Number((await t.sql<{ n: number }>(q))[0]!.n);
      const villagesWith = (type: string) =>
        one(`select count(distinct o.id)::int as n from organizations o join org_spaces sp on sp.org_id = o.id
        where o.path <@ ${under} and o.type = 'village_federation' and o.status = 'active' and sp.type = '${type}'`);
      const grouped = async (q: string) =>
        Object.fromEntries((await t.sql<{ type: string; n: number }>(q)).map((r) => [r.type, Number(r.n)]));
      return {
        orgId,
        villages: await one(
          `select count(*)::int as n from organizations where path <@ ${under} and status = 'active' and type = 'village_federation'`,
        ),
        villagesWithFederation: await one(
          `select count(*)::int as n from organizations where path <@ ${under} and status = 'active' and type = 'village_federation' and founded_on is not null`,
        ),
        villagesWithWomensHome: await villagesWith('womens_home'),
        villagesWithParentsSchool: await villagesWith('parents_school'),
        villagesWithRightsStation: await villagesWith('rights_station'),
        womensGroups: await one(
          `select count(*)::int as n from organizations where path <@ ${under} and status = 'active' and type = 'womens_group'`,
        ),
        orgsByType: await grouped(
          `select type, count(*)::int as n from organizations where path <@ ${under} and status = 'active' group by type`,
        ),
        termsOverdue: await one(
          `select count(*)::int as n from org_terms where org_path <@ ${under} and is_current and due_on < current_date and state in ('elected', 'filed')`,
        ),
        spacesByType: await grouped(
          `select type, count(*)::int as n from org_spaces where org_path <@ ${under} group by type`,
        ),
        activeSpaces: await one(
          `select count(*)::int as n from org_spaces sp where sp.org_path <@ ${under} and exists (select 1 from activities a
          where a.space_id = sp.id and a.status in ('held', 'summarised') and a.starts_on > current_date - 365)`,
        ),
      };
    };
    const district = ids['500154']!;
    const hanfengId = ids['500154001']!;
    const towns = (await kaizhou.get(`/api/v1/organizations/${district}/children`)).body.items.filter(
      (n: any) => n.type === 'town_federation' && n.id !== hanfengId,
    );
    const other = towns[0].id as number;
    const check = async (step: string) => {
      for (const id of [district, hanfengId, other]) {
        const api = await kaizhou.get(`/api/v1/organizations/${id}/coverage`);
        expect(api.status).toBe(200);
        expect(api.body, `${step}: org ${id}`).toEqual(await oracle(id));
      }
      return (await kaizhou.get(`/api/v1/organizations/${hanfengId}/coverage`)).body;
    };
    const before = await check('before');
    const created = await kaizhou.post('/api/v1/organizations', {
      parentId: hanfengId,
      type: 'village_federation',
      name: '覆盖率测试村妇联',
      foundedOn: '2026-03-08',
    });
    expect(created.status).toBe(201);
    await kaizhou.post(`/api/v1/organizations/${created.body.id}/spaces`, {
      type: 'womens_home',
      name: '覆盖率测试妇女之家',
    });
    const grown = await check('create');
    expect(grown.villages).toBe(before.villages + 1);
    expect(grown.villagesWithWomensHome).toBe(before.villagesWithWomensHome + 1);
    expect(
      (
        await kaizhou.post(`/api/v1/organizations/${created.body.id}/move`, {
          newParentId: other,
          effectiveDate: '2026-11-26',
          reason: '覆盖率测试',
        })
      ).status,
    ).toBe(200);
    expect((await check('move')).villages).toBe(before.villages);
    const into = (await kaizhou.get(`/api/v1/organizations/${other}/children`)).body.items.find(
      (n: any) => n.type === 'village_federation' && n.id !== created.body.id,
    );
    expect(
      (
        await kaizhou.post(`/api/v1/organizations/${created.body.id}/merge`, {
          targetId: into.id,
          effectiveDate: '2026-11-26',
          reason: '覆盖率测试',
        })
      ).status,
    ).toBe(200);
    await check('merge');
    const lone = await kaizhou.post('/api/v1/organizations', {
      parentId: hanfengId,
      type: 'womens_group',
      name: '覆盖率测试妇女小组',
    });
    expect((await check('create group')).womensGroups).toBe(before.womensGroups + 1);
    expect(
      (
        await kaizhou.post(`/api/v1/organizations/${lone.body.id}/dissolve`, {
          effectiveDate: '2026-11-26',
          reason: '覆盖率测试',
        })
      ).status,
    ).toBe(200);
    expect((await check('dissolve')).womensGroups).toBe(before.womensGroups);
  });

  it('the system admin reads the structure but gets no officer phone unmasked', async () => {
    const r = await admin.get(`/api/v1/organizations/${ids['500154001001']}/officers`);
    expect(r.status).toBe(200);
    for (const o of r.body.items) if (o.phone) expect(o.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });
});
