import { ASSIGNMENT_MACHINE, type Assignment, type AssignmentState, type TaskKind } from '@jinguo/contracts';

/* Who may do what with a task's copy, and when it is late. Pure. */

const OPEN: readonly AssignmentState[] = ['pending', 'signed', 'returned'];

/** Late: the deadline (a China date, inclusive) has passed and the receiver has not done its part. */
export function isOverdue(kind: TaskKind, state: AssignmentState, deadline: string, today: string): boolean {
  if (today <= deadline) return false;
  return kind === 'notice' ? state === 'pending' : OPEN.includes(state);
}

/** Done, for the dispatcher's count: a notice once signed for, a task once submitted (or approved). */
export function isDone(kind: TaskKind, state: AssignmentState): boolean {
  return kind === 'notice' ? state !== 'pending' : state === 'submitted' || state === 'approved';
}

export interface ActionContext {
  kind: TaskKind;
  state: AssignmentState;
  /** The acting org is the receiving org, and the actor may submit. */
  receiver: boolean;
  /** The task was dispatched in the actor's subtree, and the actor may dispatch. */
  dispatcher: boolean;
  /** The receiver may forward (task.dispatch), and has not forwarded it yet. */
  canForward: boolean;
}

/** The actions the caller may take on an assignment now (the UI shows exactly these). */
export function assignmentActions(c: ActionContext): Assignment['actions'] {
  const out: Assignment['actions'] = [];
  const may = (a: Parameters<typeof ASSIGNMENT_MACHINE.next>[0]) => ASSIGNMENT_MACHINE.next(a, c.state) !== null;
  if (c.receiver) {
    if (may('sign')) out.push('sign');
    if (c.kind === 'task') {
      if (OPEN.includes(c.state)) out.push('save');
      if (may('submit')) out.push('submit');
      if (c.canForward && OPEN.includes(c.state)) out.push('forward');
    }
  }
  if (c.dispatcher) {
    if (c.kind === 'task') {
      if (may('return')) out.push('return');
      if (may('approve')) out.push('approve');
      if (may('reopen')) out.push('reopen');
    }
    if (c.kind === 'notice' ? c.state === 'pending' : OPEN.includes(c.state)) out.push('remind');
  }
  return out;
}
