/** 人大建议 / 政协提案 records. Merged into zh-CN.ts. */
export const proposalsZhCN = {
  proposals: {
    title: '人大建议/政协提案',
    create: '新建建议提案',
    fromSuggestions: '形成人大建议/政协提案',
    kind: '类别',
    number: '编号',
    proposalTitle: '标题',
    body: '内容',
    deputy: '提出人（人大代表/政协委员）',
    submittedOn: '提出日期',
    status: '状态',
    reply: '答复内容',
    replyOrg: '答复单位',
    repliedOn: '答复日期',
    carries: '含 {{count}} 条诉求建议',
    declineReason: '未立案原因',
    all: '全部',
    deleteConfirm: '删除这份草稿？',
  },
};
