import { Button, Card, Descriptions, Space, Tag, Typography, Upload } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Task } from '@jinguo/contracts';
import { notifyError } from '../../app/notify';
import { downloadAttachment, useAttach } from './tasks.api';

/** A task's notice: who sent it, until when, its text and attachments (the dispatcher may attach more). */
export function TaskHeader({ task }: { task: Task }) {
  const { t } = useTranslation();
  const attach = useAttach(task.id);
  return (
    <Card
      title={
        <Space>
          <Tag color={task.kind === 'notice' ? 'blue' : 'purple'}>{t(`tasks.kinds.${task.kind}`)}</Tag>
          <Link to={`/tasks/${task.id}`}>{task.title}</Link>
        </Space>
      }
      extra={
        task.isDispatcher && (
          <Upload
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) =>
              attach.mutate(file as File, {
                onSuccess: () => onSuccess?.({}),
                onError: (e) => {
                  notifyError(e);
                  onError?.(e as Error);
                },
              })
            }
          >
            <Button icon={<UploadOutlined />} loading={attach.isPending}>
              {t('tasks.attach')}
            </Button>
          </Upload>
        )
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 4 }}>
        <Descriptions.Item label={t('tasks.from')}>{task.org.name}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.deadline')}>{task.deadline}</Descriptions.Item>
        <Descriptions.Item label={t('tasks.receivers')}>{task.receivers}</Descriptions.Item>
        {task.form && (
          <Descriptions.Item label={t('tasks.form')}>
            {task.form.name}
            {task.period ? ` · ${task.period}` : ''}
          </Descriptions.Item>
        )}
      </Descriptions>
      {task.body && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>{task.body}</Typography.Paragraph>
      )}
      {task.attachments.length > 0 && (
        <Space wrap>
          {task.attachments.map((f) => (
            <Button
              key={f.id}
              type="link"
              icon={<PaperClipOutlined />}
              onClick={() => void downloadAttachment(task.id, f.id, f.name).catch(notifyError)}
            >
              {f.name}
            </Button>
          ))}
        </Space>
      )}
    </Card>
  );
}
