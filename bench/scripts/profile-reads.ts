// Where the server's CPU goes under authenticated reads (issue 16 item 8): the server in a child process with
// `node --cpu-prof`, autocannon against one endpoint, then the profile summed by function, file and package.
//
//   npx tsx bench/scripts/profile-reads.ts [person|org|children] [seconds] [connections]
//   npx tsx bench/scripts/profile-reads.ts summarize <file.cpuprofile> [from µs] [to µs]
//
// The database is the one `npm run bench` uses without --scale (JINGUO_BENCH_PG_URL, else jinguo_bench, with the
// demo). Prints the server's req/s, then self time and inclusive time by function and by package.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/chongqing.js';
import { signIn, startServer } from '../lib/server.js';
import { preparePostgres } from '../lib/targets.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a frame belongs to (node_modules/<pkg>), the project's file, or node's internals. */
function packageOf(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.includes('/apps/server/src/')) return `jinguo:${url.split('/apps/server/src/')[1]!}`;
  if (url.includes('/packages/contracts/')) return 'jinguo:contracts';
  if (url.startsWith('node:')) return url;
  return url === '' ? '(native/vm)' : url;
}

/**
 * Sums the samples taken between `from` and `to` (µs of the monotonic clock, as process.hrtime), each sample counted
 * once: on a loaded machine a sample's time delta also holds the time the process waited for a core.
 */
export function summarizeProfile(profile: CpuProfile, from: number, to: number, top = 150): string {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const fnKey = (f: CallFrame) =>
    `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^.*\/apps\/server\/src\//, '')}:${f.lineNumber + 1}`;
  const selfFn = new Map<string, number>();
  const selfPkg = new Map<string, number>();
  const inclFn = new Map<string, number>();
  const inclPkg = new Map<string, number>();
  let total = 0;
  let idle = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to) continue;
    const dt = 1;
    const node = byId.get(profile.samples[i]!)!;
    total += dt;
    if (node.callFrame.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    add(selfFn, fnKey(node.callFrame), dt);
    add(selfPkg, packageOf(node.callFrame.url), dt);
    const seenFn = new Set<string>();
    const seenPkg = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      const k = fnKey(f);
      if (!seenFn.has(k)) {
        seenFn.add(k);
        add(inclFn, k, dt);
      }
      const p = packageOf(f.url);
      if (!seenPkg.has(p)) {
        seenPkg.add(p);
        add(inclPkg, p, dt);
      }
    }
  }
  const busy = total - idle;
  const pct = (v: number) => `${((100 * v) / busy).toFixed(1).padStart(5)}%`;
  const list = (title: string, m: Map<string, number>, n: number) =>
    [
      `-- ${title}`,
      ...[...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, v]) => `${pct(v)}  ${k}`),
    ].join('\n');
  return [
    `${busy} busy samples of ${total} in the measured window (idle ${((100 * idle) / total).toFixed(1)}%); shares are of busy samples`,
    list('self time by package/file', selfPkg, 30),
    list('self time by function', selfFn, top),
    list('inclusive time by package/file', inclPkg, 40),
    list('inclusive time by function', inclFn, top),
  ].join('\n\n');
}

/** The process's CPU seconds so far (user, system), from /proc/<pid>/stat (Linux; clock ticks of 1/100 s). */
function cpuOf(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

async function main() {
  if (process.argv[2] === 'summarize') {
    // summarize <file> [from to]: an earlier profile again
    const profile = JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as CpuProfile;
    console.log(summarizeProfile(profile, Number(process.argv[4] ?? 0), Number(process.argv[5] ?? Infinity)));
    return;
  }
  const which = process.argv[2] ?? 'person';
  const seconds = Number(process.argv[3] ?? 10);
  const connections = Number(process.argv[4] ?? 20);
  const target = await preparePostgres((m) => console.error(m));
  const raw = await target.openRaw();
  const paths =
    which === 'person'
      ? (await raw.query(`select id from persons where status = 'active' order by hashtext(id::text) limit 500`)).map(
          (r) => `/api/v1/people/${String(r.id)}`,
        )
      : (
          await raw.query(
            `select id from organizations where status = 'active' and path <@ (select o.path from organizations o join users u on u.org_id = o.id where u.username = 'city.cadre') order by hashtext(code) limit 500`,
          )
        ).map((r) => `/api/v1/organizations/${String(r.id)}${which === 'children' ? '/children' : ''}`);
  await raw.close();
  const dir = mkdtempSync(join(tmpdir(), 'jinguo-prof-'));
  process.env.JINGUO_BENCH_CPU_PROF = dir;
  const server = await startServer(target.serverEnv);
  const cookie = await signIn(server.url, 'city.cadre', DEMO_PASSWORD);
  let i = 0;
  const run = (duration: number) =>
    autocannon({
      url: server.url,
      connections,
      duration,
      headers: { cookie },
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
    });
  await run(3); // warm-up (JIT, caches), outside the summed window
  const load = loadavg()[0]!.toFixed(2);
  const cpu0 = cpuOf(server.pid);
  const from = Number(process.hrtime.bigint() / 1000n);
  const r = await run(seconds);
  const to = Number(process.hrtime.bigint() / 1000n);
  const cpu1 = cpuOf(server.pid);
  await server.stop();
  const perRequest = (a: number, b: number) => (((b - a) * 1e6) / r.requests.total).toFixed(0);
  // the main thread's profile (tsx's loader thread writes a small one too)
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
  console.log(
    `${which}: ${(r.requests.total / r.duration).toFixed(0)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}; load ${load} before, ${loadavg()[0]!.toFixed(2)} after`,
  );
  console.log(
    `server CPU per request: ${perRequest(cpu0.user + cpu0.system, cpu1.user + cpu1.system)} µs (user ${perRequest(cpu0.user, cpu1.user)}, system ${perRequest(cpu0.system, cpu1.system)}) over ${r.requests.total} requests; profile ${dir}/${file} ${from} ${to}`,
  );
  if (!file) throw new Error('no profile written');
  console.log(summarizeProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, from, to));
}

await main();
