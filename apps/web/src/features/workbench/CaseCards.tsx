import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { CASE_TYPE_LABELS, RISK_LEVEL_LABELS, type CaseType } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { formatDate, formatDateTime } from '../../app/time';
import { useLocalize } from '../../i18n';
import { useReferralInboxTop } from '../cases/cases.api';
import { RISK_BUCKETS, tallyCasesByRisk } from './tally';
import { Figure, Figures, ShortList, WorkCard } from './WorkCard';
import { useCasesDue, useMyCases } from './workbench.api';

const RISK_ORDER = { high: 0, medium: 1, low: 2 } as const;

/** 我的案件: her open cases by risk, the riskiest first. */
export function MyCasesCard() {
  const { t } = useTranslation();
  const l = useLocalize();
  const acting = useActingOrg()?.id ?? null;
  const cases = useMyCases(acting);
  const items = cases.data?.items ?? [];
  const tally = tallyCasesByRisk(items, !!cases.data?.nextCursor);
  const open = items
    .filter((c) => c.status !== 'closed' && c.access === 'full')
    .sort((a, b) => (a.riskLevel ? RISK_ORDER[a.riskLevel] : 3) - (b.riskLevel ? RISK_ORDER[b.riskLevel] : 3));
  return (
    <WorkCard name="cases" title={t('workbench.cases.title')} to="/cases" loading={cases.isLoading} error={cases.error}>
      <Figures>
        {RISK_BUCKETS.map((b) => (
          <Figure
            key={b}
            name={`cases-${b}`}
            label={b === 'unassessed' ? t('workbench.cases.unassessed') : l(RISK_LEVEL_LABELS[b])}
            count={tally[b]}
            to="/cases"
            alert={b === 'high'}
          />
        ))}
      </Figures>
      <ShortList
        testId="wb-list-cases"
        rows={open.slice(0, 5)}
        empty={t('workbench.cases.empty')}
        render={(c) => ({
          key: c.id,
          to: `/cases/${c.id}`,
          text: `${c.caseNo} ${l(CASE_TYPE_LABELS[c.caseType])}`,
          extra: c.riskLevel && (
            <Tag color={c.riskLevel === 'high' ? 'red' : c.riskLevel === 'medium' ? 'orange' : 'green'}>
              {l(RISK_LEVEL_LABELS[c.riskLevel])}
            </Tag>
          ),
        })}
      />
    </WorkCard>
  );
}

/** 回访与联系: follow-ups due this week (overdue ones first) and high-risk cases still waiting for a first contact. */
export function CasesDueCard() {
  const { t } = useTranslation();
  const l = useLocalize();
  const acting = useActingOrg()?.id ?? null;
  const due = useCasesDue(acting);
  const followUps = due.data?.followUps ?? [];
  const contacts = due.data?.contacts ?? [];
  const rows = [
    ...contacts.map((c) => ({ ...c, kind: 'contact' as const, when: formatDateTime(c.dueAt), key: `c${c.caseId}` })),
    ...followUps.map((f) => ({ ...f, kind: 'followUp' as const, when: formatDate(f.dueOn), key: `f${f.id}` })),
  ];
  const typeOf = (x: { caseType: CaseType }) => l(CASE_TYPE_LABELS[x.caseType]);
  return (
    <WorkCard
      name="cases-due"
      title={t('workbench.casesDue.title')}
      to="/cases"
      loading={due.isLoading}
      error={due.error}
    >
      <Figures>
        <Figure
          name="contacts-due"
          label={t('workbench.casesDue.contacts')}
          count={{ n: contacts.length, capped: contacts.length >= 100 }}
          to="/cases"
          alert
        />
        <Figure
          name="follow-ups-due"
          label={t('workbench.casesDue.followUps')}
          count={{ n: followUps.length, capped: followUps.length >= 100 }}
          to="/cases"
        />
        <Figure
          name="follow-ups-overdue"
          label={t('workbench.casesDue.overdue')}
          count={{ n: followUps.filter((f) => f.overdue).length, capped: false }}
          to="/cases"
          alert
        />
      </Figures>
      <ShortList
        testId="wb-list-cases-due"
        rows={rows.slice(0, 6)}
        empty={t('workbench.casesDue.empty')}
        render={(r) => ({
          key: r.key,
          to: `/cases/${r.caseId}`,
          text: `${r.caseNo} ${typeOf(r)} · ${t(`workbench.casesDue.${r.kind}`)}`,
          extra: <Tag color={r.overdue ? 'red' : undefined}>{t('workbench.due', { at: r.when })}</Tag>,
        })}
      />
    </WorkCard>
  );
}

/** 联动单位: referrals sent to her agency, to accept and to answer. */
export function ReferralsCard() {
  const { t } = useTranslation();
  // The inbox's first page puts what is to accept, then to answer, first; the figures are its counts, not the page's.
  const inbox = useReferralInboxTop(5);
  const waiting = (inbox.data?.items ?? []).filter((r) => r.status === 'sent' || r.status === 'accepted');
  const counts = inbox.data?.counts;
  return (
    <WorkCard
      name="referrals"
      title={t('workbench.referrals.title')}
      to="/referrals"
      loading={inbox.isLoading}
      error={inbox.error}
    >
      <Figures>
        <Figure
          name="referrals-to-accept"
          label={t('workbench.referrals.toAccept')}
          count={{ n: counts?.sent ?? 0, capped: false }}
          to="/referrals"
          alert
        />
        <Figure
          name="referrals-to-answer"
          label={t('workbench.referrals.toAnswer')}
          count={{ n: counts?.accepted ?? 0, capped: false }}
          to="/referrals"
        />
      </Figures>
      <ShortList
        testId="wb-list-referrals"
        rows={waiting}
        empty={t('workbench.referrals.empty')}
        render={(r) => ({
          key: r.id,
          to: `/referrals/${r.id}`,
          text: `${r.caseNo} ${r.request}`,
          extra: r.urgent ? <Tag color="red">{t('workbench.referrals.urgent')}</Tag> : formatDateTime(r.sentAt),
        })}
      />
    </WorkCard>
  );
}
