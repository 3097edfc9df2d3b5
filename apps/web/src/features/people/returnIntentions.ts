/** The return intentions of MigrantProfileInput, in the order the form offers them. */
export const RETURN_INTENTIONS = ['none', 'considering', 'planned', 'returned'] as const;
export type ReturnIntention = (typeof RETURN_INTENTIONS)[number];
export const isReturnIntention = (v: string): v is ReturnIntention =>
  (RETURN_INTENTIONS as readonly string[]).includes(v);
