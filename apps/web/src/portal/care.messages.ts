import { useContext } from 'react';
import { LangContext } from './i18n';

/** 关爱项目 on /h5: her side of care programs (its own small dictionary, like the portal's). */
const zh = {
  title: '关爱项目',
  programs: '可申请的项目',
  noPrograms: '暂无开放申请的项目',
  apply: '我要申请',
  mine: '我的申请',
  none: '暂无申请',
  benefit: '救助标准',
  yuan: '元',
  materials: '需要的材料',
  civilCategory: '困难类别（民政认定）',
  disease: '病种',
  invasive: '浸润性',
  stage: '分期',
  hospital: '诊断医院',
  diagnosedOn: '诊断日期',
  bankName: '开户行',
  accountNumber: '银行卡号',
  accountHolder: '户名',
  note: '补充说明',
  create: '保存并上传材料',
  upload: '拍照或选择文件',
  uploaded: '已上传',
  missing: '待上传',
  submit: '提交申请',
  progress: '办理进度',
  step: '当前环节',
  reason: '原因',
  paidOn: '发放日期',
  linkFirst: '请先到村（社区）妇联核实身份后再申请',
  resubmit: '补充材料后重新提交',
  act_submit: '已提交',
  act_resubmit: '已重新提交',
  act_pass: '审核通过',
  act_approve: '已批准',
  act_return: '退回补充材料',
  act_refuse: '未通过',
  act_pay: '已发放',
  act_withdraw: '已撤回',
};
export type CareKey = keyof typeof zh;
const en: Record<CareKey, string> = {
  title: 'Care programs',
  programs: 'Programs open for applications',
  noPrograms: 'No program is open now',
  apply: 'Apply',
  mine: 'My applications',
  none: 'No applications yet',
  benefit: 'Benefit',
  yuan: 'yuan',
  materials: 'Materials needed',
  civilCategory: 'Hardship category (civil affairs)',
  disease: 'Disease',
  invasive: 'Invasive',
  stage: 'Stage',
  hospital: 'Hospital',
  diagnosedOn: 'Diagnosed on',
  bankName: 'Bank',
  accountNumber: 'Card number',
  accountHolder: 'Account holder',
  note: 'Anything to add',
  create: 'Save and upload materials',
  upload: 'Take a photo or choose a file',
  uploaded: 'Uploaded',
  missing: 'Still needed',
  submit: 'Submit',
  progress: 'Progress',
  step: 'Step',
  reason: 'Reason',
  paidOn: 'Paid on',
  linkFirst: 'Have your village federation confirm who you are before applying',
  resubmit: 'Add the material and submit again',
  act_submit: 'Submitted',
  act_resubmit: 'Submitted again',
  act_pass: 'Passed',
  act_approve: 'Approved',
  act_return: 'Returned for material',
  act_refuse: 'Refused',
  act_pay: 'Paid',
  act_withdraw: 'Withdrawn',
};

export function useCareT() {
  const { lang } = useContext(LangContext);
  return (key: CareKey) => (lang === 'en-US' ? en : zh)[key];
}

/** What happened at a step, in her words (the portal never shows reviewers' names). */
export function useActionLabel() {
  const c = useCareT();
  return (action: string) => {
    const key = `act_${action}`;
    return key in zh ? c(key as CareKey) : action;
  };
}
