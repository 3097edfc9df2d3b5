import { useSyncExternalStore } from 'react';
import { OrgSummary } from '@jinguo/contracts';

/**
 * The organization the user is currently acting for (the org switcher's choice). Every API call
 * sends it as `X-Acting-Org`; it is remembered per user, defaulting to the home org.
 */
let current: OrgSummary | null = null;
let currentUserId: number | null = null;
const listeners = new Set<() => void>();

const storageKey = (userId: number) => `jinguo.actingOrg.${userId}`;

function emit(): void {
  for (const l of listeners) l();
}

export function getActingOrg(): OrgSummary | null {
  return current;
}

/** Picks the remembered acting org of this user, or the home org. */
export function initActingOrg(user: { id: number; homeOrg: OrgSummary }): void {
  currentUserId = user.id;
  let remembered: OrgSummary | null = null;
  try {
    const raw = localStorage.getItem(storageKey(user.id));
    const parsed = raw ? OrgSummary.safeParse(JSON.parse(raw)) : null;
    remembered = parsed?.success ? parsed.data : null;
  } catch {
    remembered = null;
  }
  current = remembered ?? user.homeOrg;
  emit();
}

export function setActingOrg(org: OrgSummary): void {
  current = org;
  if (currentUserId !== null) localStorage.setItem(storageKey(currentUserId), JSON.stringify(org));
  emit();
}

export function clearActingOrg(): void {
  current = null;
  currentUserId = null;
  emit();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useActingOrg(): OrgSummary | null {
  return useSyncExternalStore(subscribe, getActingOrg);
}
