import { useMemo, useState } from 'react';
import { TreeSelect } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OrgNode, OrgSummary } from '@jinguo/contracts';
import { setActingOrg, useActingOrg } from '../app/actingOrg';
import { useMe } from '../app/auth';
import { ME_KEY } from '../app/auth';
import { useDebounced } from '../app/useDebounced';
import { fetchChildren, fetchRoots, useOrgSearch } from '../features/organizations/organizations.api';

interface Option {
  value: number;
  title: string;
  isLeaf: boolean;
  children?: Option[];
}

/**
 * Picks the org the user acts for, anywhere in the home org's subtree: a lazily loaded tree, or
 * server-side search as soon as the user types. Browsing always uses the home org as scope.
 */
export function OrgSwitcher() {
  const { t } = useTranslation();
  const me = useMe();
  const acting = useActingOrg();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const homeId = me.homeOrg.id;

  const [search, setSearch] = useState('');
  const debounced = useDebounced(search, 250);
  const hits = useOrgSearch(debounced, homeId);
  const root = useQuery({
    queryKey: ['org-switcher', 'root', homeId],
    queryFn: () => fetchRoots(homeId),
    staleTime: 300_000,
  });
  const [loaded, setLoaded] = useState<Record<number, OrgNode[]>>({});
  const [expanded, setExpanded] = useState<(string | number)[]>([homeId]);
  const known = useMemo(() => new Map<number, OrgSummary>(), []);

  const treeData = useMemo<Option[]>(() => {
    if (search.trim()) {
      return (hits.data ?? []).map((h) => {
        known.set(h.id, h);
        return { value: h.id, title: [...h.path, h.name].join(' / '), isLeaf: true };
      });
    }
    const build = (n: OrgNode): Option => {
      known.set(n.id, n);
      const kids = loaded[n.id];
      return { value: n.id, title: n.name, isLeaf: n.childCount === 0, children: kids?.map(build) };
    };
    return (root.data?.items ?? []).map(build);
  }, [search, hits.data, root.data, loaded, known]);

  const choose = (id: number) => {
    const org = known.get(id);
    if (!org || org.id === acting?.id) return;
    setActingOrg({ id: org.id, code: org.code, name: org.name, type: org.type });
    setSearch('');
    void qc.resetQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] && q.queryKey[0] !== 'org-switcher' });
    if (pathname.startsWith('/orgs')) void navigate(`/orgs/${org.id}`);
  };

  return (
    <TreeSelect<{ value: number; label: string }>
      data-testid="org-switcher"
      style={{ width: 280 }}
      labelInValue
      value={acting ? { value: acting.id, label: acting.name } : undefined}
      treeData={treeData}
      treeNodeLabelProp="title"
      loadData={async ({ value }) => {
        const id = Number(value);
        if (loaded[id]) return;
        const kids = await fetchChildren(id, {}, homeId);
        setLoaded((prev) => ({ ...prev, [id]: kids }));
      }}
      showSearch={{ searchValue: search, onSearch: setSearch, filterTreeNode: () => true }}
      placeholder={t('shell.actingOrg')}
      notFoundContent={hits.isFetching ? t('common.loading') : t('common.noData')}
      popupMatchSelectWidth={420}
      onChange={(v) => v && choose(Number(v.value))}
      treeExpandedKeys={search.trim() ? [] : expanded}
      onTreeExpand={setExpanded}
    />
  );
}
