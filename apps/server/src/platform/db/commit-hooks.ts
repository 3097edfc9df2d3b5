import type { Queryable, Tx } from './client.js';

/**
 * Work a transaction does last, just before its COMMIT, in the same transaction: a lock that serialises writers
 * (the audit chain's) is then held for the hook's statements and the commit, not for the rest of the transaction
 * (docs/decisions/0021). Registered per transaction object; a transaction that was not opened through
 * `withCommitHooks` (a savepoint, a bare `db.transaction`) has none, and `beforeCommit` says so.
 */
type Hook = () => Promise<void>;

const hooksOf = new WeakMap<object, Hook[]>();

/** Runs `fn`, then the hooks it registered, in the order they were registered; the caller commits after. */
export async function withCommitHooks<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const hooks: Hook[] = [];
  hooksOf.set(tx, hooks);
  try {
    const result = await fn(tx);
    // a hook may register another (it runs too); each runs once
    for (let i = 0; i < hooks.length; i++) await hooks[i]!();
    return result;
  } finally {
    hooksOf.delete(tx);
  }
}

/**
 * Registers `hook` to run before `q`'s transaction commits. Returns false, registering nothing, when `q` is not a
 * transaction opened through `withCommitHooks`: the caller then does the work at once.
 */
export function beforeCommit(q: Queryable, hook: Hook): boolean {
  const hooks = hooksOf.get(q);
  if (!hooks) return false;
  hooks.push(hook);
  return true;
}
