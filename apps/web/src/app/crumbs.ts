import type { CrumbHandle } from '../shell/Breadcrumbs';

/** A page of the work menu (工作): its breadcrumb under the group 工作. */
export const workCrumb = (crumb: CrumbHandle['crumb']): CrumbHandle => ({ crumb, group: 'work.group' });
