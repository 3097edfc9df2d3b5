import { useContext } from 'react';
import { LangContext } from './i18n';

/** 微心愿 on /h5 (its own small dictionary, like care programs'). */
const zh = {
  title: '微心愿',
  wall: '心愿墙',
  empty: '暂无待认领的心愿',
  mine: '我的心愿',
  none: '暂无心愿',
  submit: '提交心愿',
  wish: '心愿',
  description: '说明',
  amount: '估算金额（元）',
  yuan: '元',
  sent: '已提交，村（社区）妇联审核后发布',
  signIn: '登录后可提交自己的心愿',
  reviewNote: '审核意见',
  fulfilmentNote: '圆梦情况',
  claimHint: '登录后可认领心愿',
  claim: '我来认领',
  claimTitle: '认领这个心愿？',
  claimText: '认领后，心愿所在地妇联会电话联系您，商定送达方式；请在约定时间内帮助完成心愿。最多同时认领 3 个心愿。',
  claimOk: '确认认领',
  cancel: '再想想',
  claimed: '认领成功，妇联工作人员会尽快与您联系',
  myClaims: '我认领的心愿',
  noClaims: '暂无认领的心愿',
  release: '取消认领',
  claimedOn: '认领于',
  fulfilledOn: '圆梦于',
  signInToClaim: '登录后认领',
};
type WishKey = keyof typeof zh;
const en: Record<WishKey, string> = {
  title: 'Small wishes',
  wall: 'Wish wall',
  empty: 'No wishes waiting for a donor',
  mine: 'My wishes',
  none: 'No wishes yet',
  submit: 'Submit a wish',
  wish: 'Wish',
  description: 'Details',
  amount: 'Estimated amount (yuan)',
  yuan: 'yuan',
  sent: 'Submitted: your village federation reviews it before it is published',
  signIn: 'Sign in to submit a wish of your own',
  reviewNote: 'Review',
  fulfilmentNote: 'Fulfilled',
  claimHint: 'Sign in to claim a wish',
  claim: 'Claim it',
  claimTitle: 'Claim this wish?',
  claimText:
    'The women’s federation where the wish was made will call you to agree how the gift reaches the child or woman; please help fulfil it in the time agreed. You may hold 3 claims at once.',
  claimOk: 'Claim it',
  cancel: 'Not now',
  claimed: 'Claimed: the federation will contact you soon',
  myClaims: 'Wishes I claimed',
  noClaims: 'No claims yet',
  release: 'Give up my claim',
  claimedOn: 'Claimed',
  fulfilledOn: 'Fulfilled',
  signInToClaim: 'Sign in to claim',
};
export function useWishT() {
  const { lang } = useContext(LangContext);
  return (key: WishKey) => (lang === 'en-US' ? en : zh)[key];
}
