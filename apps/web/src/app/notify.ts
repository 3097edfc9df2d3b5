import type { MessageInstance } from 'antd/es/message/interface';
import i18n from '../i18n';
import { ApiError } from './api';

/** antd's message API from inside <App>, so toasts raised outside React follow the theme and locale. */
let messageApi: MessageInstance | null = null;
export function setMessageApi(api: MessageInstance): void {
  messageApi = api;
}

/** The user-facing text of any error: the server's bilingual message when there is one. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.problem.message[i18n.language === 'en-US' ? 'en-US' : 'zh-CN'];
  return i18n.t('errors.unexpected');
}

export function notifyError(err: unknown): void {
  const text = errorText(err);
  if (messageApi) void messageApi.error(text);
  else console.error(text, err);
}

export function notifySuccess(text: string): void {
  if (messageApi) void messageApi.success(text);
}
