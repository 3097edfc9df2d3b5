import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import type { Role } from '@jinguo/contracts';
import { startTestPlatform } from './harness.js';
import { IN_SCOPE_USERS, loadFixtures, outOfScopeUsers, sampleRequest, signIn } from './access-matrix.fixtures.js';
it('observe', async () => {
  const t = await startTestPlatform();
  const doc = (await t.anonymous().get('/api/docs/json')).body;
  const fx = await loadFixtures(t);
  const out = await outOfScopeUsers(t);
  const inn: any = {};
  for (const [r, u] of Object.entries(IN_SCOPE_USERS)) inn[r] = await signIn(t, u);
  const anon = t.anonymous(); anon.remoteAddress='10.9.9.9';
  const obs: any = { ids: fx.ids, ops: {} };
  const started = Date.now();
  const entries = Object.entries<any>(doc.paths).sort(([a], [b]) => Number(a.endsWith('/auth/logout')) - Number(b.endsWith('/auth/logout')));
  for (const [path, ops] of entries) {
    for (const [m, op] of Object.entries<any>(ops)) {
      const M = m.toUpperCase();
      const { url, body } = sampleRequest(op, await fx.resolve(path), fx.ids);
      const rec: any = { access: op['x-access'], url, body, out: {}, in: {}, outBody: {} };
      rec.anon = (await anon.request(M, url, body)).status;
      for (const r of Object.keys(IN_SCOPE_USERS) as Role[]) {
        const o = await out[r].request(M, url, body);
        rec.out[r] = o.status;
        if (o.status >= 400) rec.outBody[r] = o.body?.code + ' ' + (o.body?.field ?? '');
        if (M === 'GET') { const i = await inn[r].request(M, url); rec.in[r] = i.status; if (i.status >= 400) rec.outBody['in.' + r] = i.body?.code; }
      }
      obs.ops[`${M} ${path}`] = rec;
    }
  }
  obs.ms = Date.now() - started;
  writeFileSync(`/tmp/mx/observed-${process.env.JINGUO_TEST_DB}.json`, JSON.stringify(obs, null, 1));
  await t.close();
});
