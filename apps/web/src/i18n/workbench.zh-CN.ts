/** 工作台 (the landing page), merged into zh-CN.ts. */
export const workbenchZhCN = {
  workbench: {
    title: '工作台',
    menu: '工作台',
    greeting: '{{name}}，您好',
    actingFor: '当前组织：{{org}}',
    openAll: '查看全部',
    due: '{{at}} 到期',
    demands: {
      title: '诉求工单',
      overdue: '已超期',
      dueToday: '今日到期',
      received: '待签收',
      empty: '没有待办的诉求',
    },
    tasks: {
      title: '一网协同任务',
      toSign: '待签收',
      toSubmit: '待填报',
      overdue: '已逾期',
      empty: '没有待办的任务',
    },
    visits: {
      title: '三访活动',
      campaigns: '进行中的活动',
      planned: '计划走访',
      left: '尚未走访',
      empty: '没有进行中的三访活动',
    },
    cases: {
      title: '我的案件',
      unassessed: '未评估',
      empty: '没有在办的案件',
    },
    casesDue: {
      title: '回访与联系',
      contacts: '待首次联系',
      followUps: '7 日内回访',
      overdue: '回访已超期',
      contact: '首次联系',
      followUp: '回访',
      empty: '近期没有到期的回访或联系',
    },
    referrals: {
      title: '待处理的转介',
      toAccept: '待接收',
      toAnswer: '待答复',
      urgent: '紧急',
      empty: '没有待处理的转介',
    },
    grants: {
      title: '授权审批',
      pending: '待审批',
      empty: '没有待审批的授权',
    },
    audit: {
      title: '最新审计事件',
      empty: '暂无审计事件',
    },
    notifications: {
      title: '消息通知',
      unread: '未读',
    },
  },
};
