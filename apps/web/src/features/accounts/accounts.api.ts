import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Me,
  PasswordSent,
  RecoveryCodes,
  RoleGrant,
  SessionList,
  TotpEnrolment,
  User,
  pageOf,
  type CreateUserInput,
  type RoleGrantStatus,
  type UpdateUserInput,
} from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/auth, /api/v1/users and /api/v1/role-grants. */

const UserPage = pageOf(User);
const GrantPage = pageOf(RoleGrant);
export const userKeys = {
  all: ['users'] as const,
  list: (q: string) => ['users', 'list', q] as const,
  grants: (status: RoleGrantStatus) => ['users', 'grants', status] as const,
};

export const useLogin = () =>
  useMutation({
    mutationFn: (input: { username: string; password: string }) =>
      api('/auth/login', { method: 'POST', body: input, schema: Me, actingOrgId: null, quietAuth: true }),
    meta: { quiet: true },
  });

export const useChangePassword = () =>
  useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      api('/auth/password', { method: 'POST', body: input, schema: Me, actingOrgId: null }),
    meta: { quiet: true },
  });

export function useUsers(q: string) {
  return useInfiniteQuery({
    queryKey: userKeys.list(q),
    queryFn: ({ pageParam }) => api('/users', { schema: UserPage, query: { q, cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

function useUserMutation<V, R>(fn: (vars: V) => Promise<R>, quiet = false) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
    meta: { quiet },
  });
}

/** The answer says where the one-time password went (the user's own phone), never what it is. */
export const useCreateUser = () =>
  useUserMutation((input: CreateUserInput) => api('/users', { method: 'POST', body: input, schema: PasswordSent }));

export const useUpdateUser = () =>
  useUserMutation(({ id, input }: { id: number; input: UpdateUserInput }) =>
    api(`/users/${id}`, { method: 'PATCH', body: input, schema: User }),
  );

export const useResetPassword = () =>
  useUserMutation((id: number) => api(`/users/${id}/reset-password`, { method: 'POST', schema: PasswordSent }));

/** The security officer records a user's own phone (where one-time passwords go). */
export const useSetPhone = () =>
  useUserMutation(
    ({ id, phone }: { id: number; phone: string }) =>
      api(`/users/${id}/phone`, { method: 'PUT', body: { phone }, schema: User }),
    true,
  );

export function useRoleGrants(status: RoleGrantStatus) {
  return useInfiniteQuery({
    queryKey: userKeys.grants(status),
    queryFn: ({ pageParam }) =>
      api('/role-grants', { schema: GrantPage, query: { status, cursor: pageParam, limit: 50 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const useApproveGrant = () =>
  useUserMutation((id: number) => api(`/role-grants/${id}/approve`, { method: 'POST', schema: RoleGrant }));

export const useRefuseGrant = () =>
  useUserMutation(
    ({ id, reason }: { id: number; reason: string }) =>
      api(`/role-grants/${id}/refuse`, { method: 'POST', body: { reason }, schema: RoleGrant }),
    true,
  );

export const useUnlockUser = () =>
  useUserMutation((id: number) => api(`/users/${id}/unlock`, { method: 'POST', schema: User }));

/* Second factor (TOTP) and my sessions */

export const useVerifySecondFactor = () =>
  useMutation({
    mutationFn: (code: string) =>
      api('/auth/second-factor', { method: 'POST', body: { code }, schema: Me, actingOrgId: null }),
    meta: { quiet: true },
  });

export const useStartEnrolment = () =>
  useMutation({
    mutationFn: () =>
      api('/auth/second-factor/enrolment', { method: 'POST', schema: TotpEnrolment, actingOrgId: null }),
    meta: { quiet: true },
  });

export const useConfirmEnrolment = () =>
  useMutation({
    mutationFn: (code: string) =>
      api('/auth/second-factor/enrolment/confirm', {
        method: 'POST',
        body: { code },
        schema: RecoveryCodes,
        actingOrgId: null,
      }),
    meta: { quiet: true },
  });

const SESSIONS_KEY = ['auth', 'sessions'] as const;
export const useMySessions = () =>
  useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: () => api('/auth/sessions', { schema: SessionList, actingOrgId: null }),
  });

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/auth/sessions/${id}`, { method: 'DELETE', actingOrgId: null }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}

/** The security officer resets a user's authenticator: she enrols again at her next sign-in. */
export const useResetSecondFactor = () =>
  useUserMutation((id: number) => api(`/users/${id}/second-factor/reset`, { method: 'POST', schema: User }));
