import { sql } from 'drizzle-orm';
import { queryRows } from '../platform/db/client.js';
import type { Scoped, UserActor } from '../platform/scope.js';
import { addDays } from '../platform/time.js';
import type { CareServices } from '../modules/care-programs/index.js';

/** The proof of the demo's fulfilled wish: a small PNG (a photo of the gift handed over stands in its place). */
const PROOF_PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * 爱心妈妈 and 微心愿 for the demo, in 汉丰街道: two pairings with left-behind children (one up to date, one behind on
 * its contacts) and wishes in every state (awaiting review, published, claimed by an outside donor, fulfilled,
 * refused; the fulfilled one with a proof photo). Called by the care programs loader, in its transaction.
 */
export async function addDemoCareKindness(
  s: Scoped,
  services: CareServices,
  at: { town: UserActor; hanfengPath: string; today: string },
) {
  const as = (a: UserActor): Scoped => ({ tx: s.tx, actor: a, scopePath: a.scope.path, mobileOrgId: null });
  const { town, today } = at;
  const children = await queryRows<{ id: number; org_id: number }>(
    s.tx,
    sql`select p.id, p.org_id from persons p where p.org_path <@ ${at.hanfengPath}::ltree and p.status = 'active'
          and exists (select 1 from person_tags t where t.person_id = p.id and t.tag = 'left_behind_child' and t.removed_at is null)
        order by p.id limit 2`,
  );
  const mothers = [
    { motherKind: 'cadre' as const, motherName: '周春梅', motherPhone: '13908231456', startsOn: addDays(today, -95) },
    { motherKind: 'volunteer' as const, motherName: '黄丽', motherPhone: null, startsOn: addDays(today, -70) },
  ];
  for (const [i, c] of children.entries()) {
    const m = mothers[i]!;
    const p = await services.pairings.create(
      town,
      { ...m, orgId: Number(c.org_id), childPersonId: Number(c.id), endsOn: null, contactEveryDays: 30, note: '' },
      as(town),
    );
    const contacts =
      i === 0
        ? [
            { contactedOn: addDays(today, -80), way: 'visit' as const, note: '上门看望，辅导数学作业' },
            { contactedOn: addDays(today, -50), way: 'phone' as const, note: '电话询问期中考试情况' },
            { contactedOn: addDays(today, -20), way: 'activity' as const, note: '一起参加社区读书会' },
          ]
        : [{ contactedOn: addDays(today, -65), way: 'letter' as const, note: '给孩子写信，鼓励好好学习' }];
    for (const ct of contacts) await services.pairings.contact(town, p.id, ct, as(town));
  }

  const women = await queryRows<{ id: number }>(
    s.tx,
    sql`select p.id from persons p where p.org_path <@ ${at.hanfengPath}::ltree and p.status = 'active'
          and exists (select 1 from person_tags t where t.person_id = p.id and t.tag = 'difficult_woman' and t.removed_at is null)
        order by p.id desc limit 5`,
  );
  const forWhom = [...children.map((c) => Number(c.id)), ...women.map((w) => Number(w.id))];
  const wishes = [
    { title: '一个新书包', description: '旧书包破了，想要一个能装下课本的新书包', amount: 120 },
    { title: '一套绘本', description: '喜欢看书，想要一套适合三年级的绘本', amount: 150 },
    { title: '一台助听器', description: '听力下降，与人交流困难，想要一台助听器', amount: 800 },
    { title: '一床冬被', description: '家里被子太薄，想要一床厚冬被过冬', amount: 200 },
    { title: '一辆电动三轮车', description: '想买一辆电动三轮车去镇上卖菜', amount: 6000 },
  ];
  const steps = ['fulfilled', 'claimed', 'published', 'submitted', 'refused'] as const;
  for (const [i, w] of wishes.entries()) {
    const personId = forWhom[i % Math.max(1, forWhom.length)];
    if (personId === undefined) break;
    const step = steps[i]!;
    const amount = step === 'refused' ? 5000 : w.amount;
    const made = await services.wishes.create(town, { ...w, amount, personId }, as(town));
    if (step === 'submitted') continue;
    if (step === 'refused') {
      await services.wishes.review(
        town,
        made.id,
        { action: 'refuse', note: '金额较大，建议申请产业帮扶项目' },
        as(town),
      );
      continue;
    }
    await services.wishes.review(town, made.id, { action: 'publish', note: '经入户核实，情况属实' }, as(town));
    if (step === 'published') continue;
    await services.wishes.claim(
      town,
      made.id,
      { donorName: '开州区爱心企业协会', donorPhone: '13609871234' },
      as(town),
    );
    if (step === 'fulfilled') {
      await services.wishes.addProof(town, made.id, '圆梦照片.png', PROOF_PHOTO, as(town));
      await services.wishes.fulfil(
        town,
        made.id,
        { fulfilledOn: today, note: '心愿物品已送到家中，孩子很开心' },
        as(town),
      );
    }
  }
}
