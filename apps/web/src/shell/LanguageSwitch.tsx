import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { changeLang, useLang } from '../i18n';

/** Shows the other language's own name: 中文 ⇄ English. */
export function LanguageSwitch() {
  const lang = useLang();
  const next = lang === 'zh-CN' ? 'en-US' : 'zh-CN';
  return (
    <Button type="text" icon={<GlobalOutlined />} data-testid="lang-switch" onClick={() => void changeLang(next)}>
      {next === 'en-US' ? 'English' : '中文'}
    </Button>
  );
}
