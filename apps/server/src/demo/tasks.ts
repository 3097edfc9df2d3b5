import { and, eq, sql } from 'drizzle-orm';
import {
  PLAN_MONITORING_TEMPLATE,
  VISITS_REPORT_TEMPLATE,
  permissionsOf,
  type FormTemplate,
  type Role,
  type TaskInput,
} from '@jinguo/contracts';
import type { FieldCrypto } from '../platform/crypto.js';
import { queryRows, type DbHandle } from '../platform/db/client.js';
import { createFiles } from '../platform/files/index.js';
import { collectExtensions } from '../platform/modules.js';
import type { Scoped, UserActor } from '../platform/scope.js';
import { addDays } from '../platform/time.js';
import { casesModule } from '../modules/cases/index.js';
import { demandsModule } from '../modules/demands/index.js';
import { tasksDemo } from '../modules/tasks/index.js';
import { taskAssignments } from '../modules/tasks/tasks.tables.js';
import { visitsModule } from '../modules/visits/index.js';

/*
 * 一网协同 in the demo: tasks in flight from the city and from 开州区 down to 汉丰街道 and its communities, so every
 * cadre's work list has something to sign, fill or follow — the yearly monitoring of the development plans, a notice,
 * and the 三访 report the district forwarded to its towns (some towns have submitted, 汉丰街道 has signed and its form
 * opens prefilled from its records).
 */
export async function addDemoTasks(s: Scoped, deps: { handle: DbHandle; crypto: FieldCrypto; today: string }) {
  const platform = {
    handle: deps.handle,
    today: () => deps.today,
    files: createFiles({ crypto: deps.crypto }),
    // the metrics a field may name: the counters the modules with records in the demo declare
    extensions: collectExtensions([demandsModule, visitsModule, casesModule]),
  };
  const actors = new Map<string, UserActor>();
  for (const u of await queryRows<{
    id: number;
    username: string;
    display_name: string;
    roles: Role[];
    org_id: number;
    path: string;
    type: string;
  }>(
    s.tx,
    sql`select u.id, u.username, u.display_name, u.roles, u.org_id, u.org_path::text as path, o.type from users u
        join organizations o on o.id = u.org_id where u.username in ('city.cadre', 'kaizhou.cadre', 'hanfeng.cadre')`,
  ))
    actors.set(u.username, {
      kind: 'user',
      userId: Number(u.id),
      username: u.username,
      displayName: u.display_name,
      roles: u.roles,
      permissions: new Set(permissionsOf(u.roles)),
      homeOrgId: Number(u.org_id),
      homePath: u.path,
      scope: { orgId: Number(u.org_id), path: u.path, orgType: u.type },
      request: { ip: null, userAgent: 'demo data', requestId: 'demo-data' },
      session: { tokenHash: '', csrfToken: '' },
    });
  const city = actors.get('city.cadre');
  const kaizhou = actors.get('kaizhou.cadre');
  const hanfeng = actors.get('hanfeng.cadre');
  if (!city || !kaizhou || !hanfeng) return;
  const as = (a: UserActor): Scoped => ({ tx: s.tx, actor: a, scopePath: a.scope.path, mobileOrgId: null });
  const form = async (a: UserActor, t: FormTemplate) =>
    (
      await tasksDemo.createForm(
        platform,
        as(a),
        a,
        {
          orgId: a.scope.orgId,
          name: t.name,
          description: t.description,
          periodicity: t.periodicity,
          definition: t.definition,
        },
        t.code,
      )
    ).id;
  const dispatch = (
    a: UserActor,
    input: Omit<TaskInput, 'orgId' | 'remindDays' | 'body'> & { body?: string; remindDays?: number },
  ) => tasksDemo.dispatch(platform, as(a), a, { orgId: a.scope.orgId, body: '', remindDays: 2, ...input });
  const day = (n: number) => addDays(deps.today, n);
  const districts = { by: 'level' as const, levels: ['district' as const] };

  const plan = await form(city, PLAN_MONITORING_TEMPLATE);
  const visits = await form(city, VISITS_REPORT_TEMPLATE);
  await dispatch(city, {
    kind: 'task',
    title: `关于报送${deps.today.slice(0, 4)}年度妇女儿童发展规划监测数据的通知`,
    body: '各区县妇联：请会同统计、卫健、教育等部门，按监测表逐项填报本年度实际值，经区县妇儿工委审核后报送。',
    deadline: day(20),
    formId: plan,
    period: deps.today.slice(0, 4),
    targets: districts,
  });
  await dispatch(city, {
    kind: 'notice',
    title: '关于开展元旦春节走访慰问困难妇女儿童活动的通知',
    body: '各区县妇联：请结合"大下访、大走访、大询访"，于节前完成对困难妇女、留守儿童的走访慰问，慰问情况纳入三访统计。',
    deadline: day(10),
    targets: districts,
  });
  const report = await dispatch(city, {
    kind: 'task',
    title: '关于报送"三访"及诉求办理情况的通知',
    body: '走访、诉求数据由平台自动带出，请各区县汇总所辖镇街数据后报送。',
    deadline: day(14),
    formId: visits,
    periodFrom: `${deps.today.slice(0, 4)}-01-01`,
    periodTo: deps.today,
    targets: districts,
  });
  // 开州区 sends the 三访 report on to its towns: 汉丰街道 has signed, two towns have submitted.
  const [copy] = await s.tx
    .select()
    .from(taskAssignments)
    .where(and(eq(taskAssignments.taskId, report.id), eq(taskAssignments.orgId, kaizhou.scope.orgId)));
  if (!copy) return;
  await s.tx
    .update(taskAssignments)
    .set({ state: 'signed', signedAt: new Date(), signedBy: kaizhou.displayName })
    .where(eq(taskAssignments.id, copy.id));
  const forwarded = await tasksDemo.dispatch(platform, as(kaizhou), kaizhou, {
    orgId: kaizhou.scope.orgId,
    kind: 'task',
    title: report.title,
    body: '各镇街妇联：走访、诉求数据已由平台带出，请核对并补充帮扶情况，按时报送。',
    deadline: day(7),
    formId: visits,
    periodFrom: report.periodFrom,
    periodTo: report.periodTo,
    targets: { by: 'level', levels: ['town'] },
    remindDays: 2,
  });
  await s.tx.execute(
    sql`update tasks set parent_task_id = ${report.id}, parent_assignment_id = ${copy.id} where id = ${forwarded.id}`,
  );
  await s.tx.execute(sql`
    update task_assignments a set state = 'submitted', submitted_at = now() - interval '1 day', submitted_by = '镇街妇联',
      signed_at = now() - interval '2 days', signed_by = '镇街妇联', version = 1,
      values = jsonb_build_object('visits', 20 + id % 30, 'needs', 5 + id % 9, 'demands_received', 4 + id % 7,
        'demands_closed', 3 + id % 5, 'closed_rate', round((3 + id % 5)::numeric / (4 + id % 7) * 100, 2),
        'families_helped', 6 + id % 12, 'funds', 3000 + (id % 20) * 500, 'highlight', '结合网格走访，建立困难妇女动态台账',
        'cases', jsonb_build_array(jsonb_build_object('who', '张大姐', 'help', '协调公益岗位一个', 'amount', null)))
    where task_id = ${forwarded.id} and org_id in (
      select a2.org_id from task_assignments a2 join organizations o on o.id = a2.org_id
      where a2.task_id = ${forwarded.id} and o.id <> ${hanfeng.scope.orgId} order by o.code limit 2)`);
  await s.tx
    .execute(sql`update task_assignments set state = 'signed', signed_at = now(), signed_by = ${hanfeng.displayName}
    where task_id = ${forwarded.id} and org_id = ${hanfeng.scope.orgId}`);
  await tasksDemo.rebuildTotals(s, forwarded.id);
  // 汉丰街道 to its communities: a notice the villages sign for.
  await dispatch(hanfeng, {
    kind: 'notice',
    title: '关于做好冬季"两癌"救助申报初审工作的通知',
    body: '各社区妇联：请摸排辖区内符合条件的低收入患病妇女，指导其在户籍地提出申请，按时完成初审。',
    deadline: day(5),
    targets: { by: 'level', levels: ['village'] },
  });
}
