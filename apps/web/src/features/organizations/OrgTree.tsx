import { useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import { Alert, Empty, Spin, Tree, Typography, type TreeDataNode, type GetRef } from 'antd';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import type { OrgNode } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { errorText } from '../../app/notify';
import { fetchAncestors, fetchChildren, orgKeys, useOrgRoots, type ChildrenOptions } from './organizations.api';
import { OrgTypeTag } from './OrgTypeTag';

interface Props {
  options: ChildrenOptions;
  /** Filled with this tree's reveal function, for the detail pane and the search box. */
  revealRef: MutableRefObject<((id: number) => void) | null>;
}

function NodeTitle({ node }: { node: OrgNode }) {
  return (
    <span
      data-testid={`org-node-${node.code}`}
      data-org-id={node.id}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}
    >
      <span className={node.status === 'active' ? undefined : 'jg-org-inactive'}>{node.name}</span>
      <OrgTypeTag type={node.type} short />
      {node.childCount > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {node.childCount}
        </Typography.Text>
      )}
    </span>
  );
}

function useViewportHeight(offset: number): number {
  const [h, setH] = useState(() => window.innerHeight - offset);
  useEffect(() => {
    const onResize = () => setH(window.innerHeight - offset);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [offset]);
  return Math.max(240, h);
}

/**
 * The acting org's subtree, loaded one level at a time on expand (12k+ nodes stay instant) and
 * rendered virtually. Children lists are react-query queries, so any org write refreshes them.
 */
export function OrgTree({ options, revealRef }: Props) {
  const acting = useActingOrg();
  const roots = useOrgRoots(acting?.id);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { orgId } = useParams();
  const selectedId = orgId ? Number(orgId) : null;
  const treeRef = useRef<GetRef<typeof Tree>>(null);
  const height = useViewportHeight(300);

  const [loadedIds, setLoadedIds] = useState<number[]>([]);
  const [expanded, setExpanded] = useState<number[]>([]);

  const childrenQuery = useCallback(
    (id: number) => ({ queryKey: orgKeys.children(id, options), queryFn: () => fetchChildren(id, options) }),
    [options],
  );
  const childrenOf = useQueries({
    queries: loadedIds.map(childrenQuery),
    combine: (results) => new Map(loadedIds.map((id, i) => [id, results[i]?.data] as const)),
  });

  const treeData = useMemo<TreeDataNode[]>(() => {
    const build = (n: OrgNode): TreeDataNode => {
      const kids = childrenOf.get(n.id);
      return {
        key: n.id,
        title: <NodeTitle node={n} />,
        isLeaf: n.childCount === 0 && !kids?.length,
        children: kids?.map(build),
      };
    };
    return (roots.data?.items ?? []).map(build);
  }, [roots.data, childrenOf]);

  const loadPath = useCallback(
    async (path: number[]) => {
      await Promise.all(path.map((id) => qc.fetchQuery(childrenQuery(id))));
      setLoadedIds((prev) => [...new Set([...prev, ...path])]);
      setExpanded((prev) => [...new Set([...prev, ...path])]);
    },
    [qc, childrenQuery],
  );

  const rootIds = useMemo(() => (roots.data?.items ?? []).map((r) => r.id), [roots.data]);

  const reveal = useCallback(
    async (id: number) => {
      if (rootIds.length === 0) return;
      let path: number[] = [];
      if (!rootIds.includes(id)) {
        let ancestors;
        try {
          ancestors = await qc.fetchQuery({
            queryKey: orgKeys.ancestors(id),
            queryFn: () => fetchAncestors(id),
            staleTime: 60_000,
          });
        } catch {
          return; // out of scope or gone: the detail pane says so
        }
        const ids = ancestors.map((a) => a.id);
        const start = ids.findIndex((a) => rootIds.includes(a));
        if (start < 0) return;
        path = ids.slice(start);
      }
      await loadPath(path);
      // After the expanded rows have rendered.
      setTimeout(() => treeRef.current?.scrollTo({ key: id, align: 'auto' }), 50);
    },
    [rootIds, qc, loadPath],
  );

  useEffect(() => {
    revealRef.current = (id) => void reveal(id);
    return () => {
      revealRef.current = null;
    };
  }, [reveal, revealRef]);

  // The roots open on arrival; the org in the URL is shown expanded to.
  useEffect(() => {
    if (rootIds.length === 0) return;
    void loadPath(rootIds.filter((_, i) => (roots.data?.items[i]?.childCount ?? 0) > 0));
  }, [rootIds, roots.data, loadPath]);
  useEffect(() => {
    if (selectedId && rootIds.length > 0) void reveal(selectedId);
  }, [selectedId, rootIds, reveal]);

  if (roots.isPending) return <Spin style={{ display: 'block', margin: 24 }} />;
  if (roots.error) return <Alert type="error" showIcon title={errorText(roots.error)} />;
  if (treeData.length === 0) return <Empty />;

  return (
    <Tree
      ref={treeRef}
      data-testid="org-tree"
      blockNode
      height={height}
      treeData={treeData}
      loadedKeys={loadedIds}
      expandedKeys={expanded}
      selectedKeys={selectedId ? [selectedId] : []}
      onExpand={(keys) => setExpanded(keys.map(Number))}
      loadData={async ({ key }) => {
        const id = Number(key);
        await qc.fetchQuery(childrenQuery(id));
        setLoadedIds((prev) => (prev.includes(id) ? prev : [...prev, id]));
      }}
      onSelect={(keys) => {
        const key = keys[0];
        if (key !== undefined) void navigate(`/orgs/${String(key)}`);
      }}
    />
  );
}
