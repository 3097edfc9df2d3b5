import type { PeriodicJob } from '../../platform/modules.js';
import type { BoardService } from './tasks.board.service.js';

export const REMIND_QUEUE = 'tasks.remind';
/** How often the automatic reminder looks (seconds); each open copy is reminded at most once a day. */
const remindSeconds = () => Number(process.env.JINGUO_TASKS_REMIND_SECONDS ?? 3600);

/** Automatic reminders before deadlines, on working days (the platform calendar), with nobody on a page. */
export function tasksJobs(board: BoardService): PeriodicJob[] {
  return [{ name: REMIND_QUEUE, seconds: remindSeconds(), run: async () => void (await board.remindDue()) }];
}
