import { useParams } from 'react-router';
import type { TKey } from '../../i18n/keys';
import { RecordCrumb } from '../../shell/RecordCrumb';
import { useAssignment, useTask } from './tasks.api';

/** A task's breadcrumb: its title. */
export function TaskCrumb({ fallback }: { fallback: TKey }) {
  const task = useTask(Number(useParams().taskId));
  return <RecordCrumb text={task.data?.title} failed={task.isError} fallback={fallback} />;
}

/** A receiving org's copy of a task: the task's title and the org. */
export function AssignmentCrumb({ fallback }: { fallback: TKey }) {
  const params = useParams();
  const task = useTask(Number(params.taskId));
  const a = useAssignment(Number(params.taskId), Number(params.assignmentId));
  const text = task.data && a.data ? `${task.data.title} · ${a.data.org.name}` : undefined;
  return <RecordCrumb text={text} failed={task.isError || a.isError} fallback={fallback} />;
}
