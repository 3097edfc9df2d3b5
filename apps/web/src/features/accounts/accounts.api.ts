import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Me, OneTimePassword, User, pageOf, type CreateUserInput, type UpdateUserInput } from '@jinguo/contracts';
import { api } from '../../app/api';

/** Typed hooks over /api/v1/auth and /api/v1/users. */

const UserPage = pageOf(User);
export const userKeys = { all: ['users'] as const, list: (q: string) => ['users', 'list', q] as const };

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

export const useCreateUser = () =>
  useUserMutation((input: CreateUserInput) => api('/users', { method: 'POST', body: input, schema: OneTimePassword }));

export const useUpdateUser = () =>
  useUserMutation(({ id, input }: { id: number; input: UpdateUserInput }) =>
    api(`/users/${id}`, { method: 'PATCH', body: input, schema: User }),
  );

export const useResetPassword = () =>
  useUserMutation((id: number) => api(`/users/${id}/reset-password`, { method: 'POST', schema: OneTimePassword }));

export const useUnlockUser = () =>
  useUserMutation((id: number) => api(`/users/${id}/unlock`, { method: 'POST', schema: User }));
