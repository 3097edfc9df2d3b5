// Notifications: the in-app inbox, and external channels (SMS now; WeChat as an adapter) through an outbox.
export {
  listNotifications,
  markAllRead,
  markRead,
  notify,
  setExternalChannels,
  unreadCount,
  type ExternalChannel,
  type Inbox,
  type NotificationInput,
  type Recipient,
} from './notifications.js';
export {
  createDevSmsSender,
  createSms,
  deliverPending,
  registerContactResolver,
  type ContactResolver,
  type Sms,
  type SmsMeta,
  type SmsSender,
} from './channels.js';
export { registerNotificationRoutes } from './notifications.routes.js';
