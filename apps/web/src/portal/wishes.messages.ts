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
  claimHint: '想认领心愿，请联系当地妇联',
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
  claimHint: 'To fulfil a wish, contact your local women’s federation',
};
export function useWishT() {
  const { lang } = useContext(LangContext);
  return (key: WishKey) => (lang === 'en-US' ? en : zh)[key];
}
