import { MutationCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';
import { notifyError } from './notify';

declare module '@tanstack/react-query' {
  interface Register {
    /** `quiet`: the component shows the error itself (e.g. inline on the sign-in form). */
    mutationMeta: { quiet?: boolean };
  }
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // 4xx answers are definitive (out of scope, forbidden…): retrying only delays the message.
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 30_000,
    },
  },
  mutationCache: new MutationCache({
    onError: (err, _vars, _ctx, mutation) => {
      if (!mutation.meta?.quiet) notifyError(err);
    },
  }),
});
