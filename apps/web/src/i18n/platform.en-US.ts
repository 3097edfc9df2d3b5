import type { platformZhCN } from './platform.zh-CN';

export const platformEnUS: typeof platformZhCN = {
  notifications: {
    title: 'Notifications',
    none: 'No notifications',
    noneUnread: 'No unread notifications',
    more: 'Load more',
    markRead: 'Mark read',
    markAllRead: 'Mark all read',
    all: 'See all',
    unread: 'Unread',
    everything: 'All',
  },
  devOutbox: {
    title: 'Development SMS channel',
    menu: 'Development SMS',
    banner:
      'This is the demo’s development SMS channel: no message leaves the machine; each is recorded here and in the server log. Sign-in codes and one-time passwords belong to the recipient alone: they are hidden here (******) and written in full only to the server log. Production needs a real SMS gateway.',
    at: 'Time',
    to: 'To',
    purpose: 'Purpose',
    text: 'Text',
  },
  calendar: {
    title: 'Working-day calendar',
    menu: 'Calendar',
    today: 'Today {{date}}',
    workday: 'Working day',
    dayOff: 'Day off',
    year: 'Year',
    holidays: 'Holidays',
    workdays: 'Make-up workdays',
    origin: 'Origin',
    origins: { file: 'Shipped', database: 'Loaded by an admin' },
    source: 'Source',
    specialDays: 'Holidays and make-up workdays',
    date: 'Date',
    name: 'Name',
    load: "Load a year's schedule",
    loadOk: 'Load',
    loaded: 'The {{year}} holiday schedule is loaded',
    loadHelp:
      'The State Council publishes next year’s holiday schedule late each year. Prepare JSON in the format of the shipped files (apps/server/data/holidays/): year, source, every holiday date (the seven statutory holidays — New Year, Spring Festival, Qingming, Labour Day, Dragon Boat, Mid-Autumn and National Day — must all be there) and every make-up workday. Deadlines use it at once, and provisional deadlines in that year are counted again.',
    dropFile: 'Click or drop a JSON file, or paste it below',
    notJson: 'This is not valid JSON',
  },
};
