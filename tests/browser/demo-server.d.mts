export declare function startDemoServer(opts?: {
  timeoutMs?: number;
}): Promise<{ url: string; logFile: string; ready: Promise<void>; stop: () => Promise<void> }>;
