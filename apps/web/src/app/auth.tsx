import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Me, type LocalizedText, type Permission } from '@jinguo/contracts';
import { api, ApiError, onAuthProblem, rememberCsrfToken } from './api';
import { clearActingOrg, getActingOrg, initActingOrg, setActingOrg } from './actingOrg';

export const ME_KEY = ['auth', 'me'] as const;

interface AuthValue {
  me: Me | null;
  loading: boolean;
  /** Why the user was sent back to sign-in (expired session), shown on the sign-in page. */
  signedOutReason: LocalizedText | null;
  signIn: (me: Me) => void;
  signOut: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

function adopt(me: Me): void {
  rememberCsrfToken(me.csrfToken);
  if (getActingOrg() === null) initActingOrg(me);
}

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api('/auth/me', { schema: Me, actingOrgId: null, quietAuth: true });
    adopt(me);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const meQuery = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: Infinity, retry: false });
  const [signedOutReason, setSignedOutReason] = useState<LocalizedText | null>(null);

  const dropData = useCallback(() => {
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  }, [qc]);

  useEffect(
    () =>
      onAuthProblem((err) => {
        if (err.status === 401 && (err.code === 'UNAUTHENTICATED' || err.code === 'SESSION_EXPIRED')) {
          setSignedOutReason(err.code === 'SESSION_EXPIRED' ? err.problem.message : null);
          clearActingOrg();
          qc.setQueryData(ME_KEY, null);
          dropData();
        } else if (err.code === 'ORG_NOT_FOUND' && err.problem.field?.toLowerCase() === 'x-acting-org') {
          // The remembered acting org left the user's subtree (reorganized, or the user moved): back to home.
          const me = qc.getQueryData<Me | null>(ME_KEY);
          if (me) {
            setActingOrg(me.homeOrg);
            void qc.resetQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
          }
        } else if (err.code === 'SECOND_FACTOR_REQUIRED') {
          void qc.invalidateQueries({ queryKey: ME_KEY });
        } else if (err.code === 'PASSWORD_CHANGE_REQUIRED') {
          qc.setQueryData<Me | null>(ME_KEY, (me) => (me ? { ...me, mustChangePassword: true } : me));
        }
      }),
    [qc, dropData],
  );

  const signIn = useCallback(
    (me: Me) => {
      clearActingOrg();
      dropData();
      adopt(me);
      setSignedOutReason(null);
      qc.setQueryData(ME_KEY, me);
    },
    [qc, dropData],
  );

  const signOut = useCallback(async () => {
    try {
      await api('/auth/logout', { method: 'POST', actingOrgId: null, quietAuth: true });
    } catch {
      // Signed out locally whatever the server says: the session cookie is useless without the UI.
    }
    clearActingOrg();
    qc.setQueryData(ME_KEY, null);
    dropData();
  }, [qc, dropData]);

  const me = meQuery.data ?? null;
  const value = useMemo<AuthValue>(
    () => ({
      me,
      loading: meQuery.isPending,
      signedOutReason,
      signIn,
      signOut,
      can: (p) => me?.permissions.includes(p) ?? false,
    }),
    [me, meQuery.isPending, signedOutReason, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** For pages behind RequireAuth: the signed-in user. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}
