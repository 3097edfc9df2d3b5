import { Progress, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { federationToday, formatDate, formatDateTime } from '../../app/time';
import { useCampaigns } from '../visits/visits.api';
import { tallyDemandQueue, tallyTasks } from './tally';
import { Figure, Figures, ShortList, WorkCard } from './WorkCard';
import { useDemandQueueHead, useDemandsAwaitingSignFor, useTaskInbox } from './workbench.api';

/** 诉求工单: the acting org's queue (a volunteer's: what was dispatched to her), by its deadlines. */
export function DemandsCard() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg()?.id ?? null;
  const owner = can('demand.read');
  const queue = useDemandQueueHead(owner ? 'queue' : 'mine', acting);
  const received = useDemandsAwaitingSignFor(acting, owner);
  const items = queue.data?.items ?? [];
  const tally = tallyDemandQueue(items, !!queue.data?.nextCursor, federationToday().format('YYYY-MM-DD'));
  const base = owner ? '/demands' : '/demands?view=mine';
  return (
    <WorkCard
      name="demands"
      title={t('workbench.demands.title')}
      to={base}
      loading={queue.isLoading || (owner && received.isLoading)}
      error={queue.error ?? (owner ? received.error : null)}
    >
      <Figures>
        <Figure
          name="demands-overdue"
          label={t('workbench.demands.overdue')}
          count={tally.overdue}
          to={owner ? '/demands?overdue=true' : base}
          alert
        />
        <Figure name="demands-due-today" label={t('workbench.demands.dueToday')} count={tally.dueToday} to={base} />
        {owner && (
          <Figure
            name="demands-received"
            label={t('workbench.demands.received')}
            count={{ n: received.data?.items.length ?? 0, capped: !!received.data?.nextCursor }}
            to="/demands?state=received"
            alert
          />
        )}
      </Figures>
      <ShortList
        testId="wb-list-demands"
        rows={items.slice(0, 5)}
        empty={t('workbench.demands.empty')}
        render={(d) => ({
          key: d.id,
          to: `/demands/${d.id}`,
          text: `${d.code} ${d.title}`,
          extra: (
            <Tag color={d.overdue ? 'red' : undefined}>
              {t('workbench.due', { at: formatDateTime(d.feedbackDueAt) })}
            </Tag>
          ),
        })}
      />
    </WorkCard>
  );
}

/** 一网协同: tasks sent to the acting org, to sign for and to fill and submit. */
export function TasksCard() {
  const { t } = useTranslation();
  const acting = useActingOrg()?.id ?? null;
  const inbox = useTaskInbox(acting);
  const items = inbox.data?.items ?? [];
  const tally = tallyTasks(items, !!inbox.data?.nextCursor);
  const waiting = items
    .filter((w) => w.state === 'pending' || w.state === 'signed' || w.state === 'returned')
    .sort((a, b) => a.deadline.localeCompare(b.deadline));
  return (
    <WorkCard name="tasks" title={t('workbench.tasks.title')} to="/tasks" loading={inbox.isLoading} error={inbox.error}>
      <Figures>
        <Figure name="tasks-to-sign" label={t('workbench.tasks.toSign')} count={tally.toSign} to="/tasks" />
        <Figure name="tasks-to-submit" label={t('workbench.tasks.toSubmit')} count={tally.toSubmit} to="/tasks" />
        <Figure name="tasks-overdue" label={t('workbench.tasks.overdue')} count={tally.overdue} to="/tasks" alert />
      </Figures>
      <ShortList
        testId="wb-list-tasks"
        rows={waiting.slice(0, 5)}
        empty={t('workbench.tasks.empty')}
        render={(w) => ({
          key: `${w.taskId}-${w.assignmentId ?? 0}`,
          to: w.assignmentId ? `/tasks/${w.taskId}/assignments/${w.assignmentId}` : `/tasks/${w.taskId}`,
          text: w.title,
          extra: <Tag color={w.overdue ? 'red' : undefined}>{t('workbench.due', { at: formatDate(w.deadline) })}</Tag>,
        })}
      />
    </WorkCard>
  );
}

/** 三访: the campaigns under way for the acting org, visits planned and made. */
export function VisitsCard() {
  const { t } = useTranslation();
  const acting = useActingOrg()?.id ?? null;
  const campaigns = useCampaigns(acting);
  const open = (campaigns.data ?? []).filter((c) => c.status === 'active' || c.status === 'upcoming');
  const planned = open.reduce((n, c) => n + c.planned, 0);
  const left = open.reduce((n, c) => n + Math.max(c.planned - c.done, 0), 0);
  return (
    <WorkCard
      name="visits"
      title={t('workbench.visits.title')}
      to="/visits/campaigns"
      loading={campaigns.isLoading}
      error={campaigns.error}
    >
      <Figures>
        <Figure
          name="visits-campaigns"
          label={t('workbench.visits.campaigns')}
          count={{ n: open.length, capped: false }}
          to="/visits/campaigns"
        />
        <Figure
          name="visits-planned"
          label={t('workbench.visits.planned')}
          count={{ n: planned, capped: false }}
          to="/visits/campaigns"
        />
        <Figure
          name="visits-left"
          label={t('workbench.visits.left')}
          count={{ n: left, capped: false }}
          to="/visits/campaigns"
        />
      </Figures>
      <ShortList
        testId="wb-list-visits"
        rows={open.slice(0, 5)}
        empty={t('workbench.visits.empty')}
        render={(c) => ({
          key: c.id,
          to: `/visits/campaigns/${c.id}`,
          text: c.name,
          extra: (
            <Progress
              percent={c.planned ? Math.round((100 * c.done) / c.planned) : 0}
              size="small"
              style={{ width: 120, margin: 0 }}
              format={() => `${c.done}/${c.planned}`}
            />
          ),
        })}
      />
    </WorkCard>
  );
}
