// Named crash points for the crash-safety tests (crash-safety.int.test.ts): with JINGUO_TEST_CRASH_AT=<name> (or
// <name>:<n>, the n-th time the point is reached) the process kills itself with SIGKILL exactly there — kill -9 at a
// chosen instant of a real operation, with no timing race. Unset (always, outside those tests) a point costs one
// comparison.

const setting = process.env.JINGUO_TEST_CRASH_AT ?? '';
const [target = '', nth = '1'] = setting.split(':');
const wanted = Math.max(1, Number(nth) || 1);
let reached = 0;

/** Dies here (SIGKILL, no clean-up of any kind) when the crash-safety test asked for this point. */
export function crashPoint(name: string): void {
  if (name !== target || ++reached < wanted) return;
  process.stderr.write(`[jinguo] crash point ${name}${wanted > 1 ? `:${wanted}` : ''}: kill -9\n`);
  process.kill(process.pid, 'SIGKILL');
  // the signal is delivered before the process runs on; block anyway so nothing after this point can happen
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
}
