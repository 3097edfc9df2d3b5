export declare function startDemoServer(opts?: {
  timeoutMs?: number;
}): Promise<{ url: string; ready: Promise<void>; stop: () => Promise<void> }>;
