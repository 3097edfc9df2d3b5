import { useOutletContext } from 'react-router';

/** What the organizations page offers to the detail pane rendered in its outlet. */
export interface OrgTreeControls {
  /** Expands the tree down to an org and scrolls it into view. */
  reveal: (orgId: number) => void;
  /** The date of the structure shown in the tree, null for today. */
  at: string | null;
}

export function useOrgTreeControls(): OrgTreeControls {
  return useOutletContext<OrgTreeControls>();
}
