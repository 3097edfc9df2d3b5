import type { FastifyInstance } from 'fastify';
import type { TimelineEntry } from '@jinguo/contracts';
import type { AuditTrail } from './audit/audit.service.js';
import type { SessionStore } from './auth/sessions.js';
import type { CalendarStore, WorkCalendar } from './calendar/index.js';
import type { Config } from './config.js';
import type { FieldCrypto } from './crypto.js';
import type { DbHandle } from './db/client.js';
import type { Files } from './files/index.js';
import type { ResidentAuthenticate } from './http/portal-route.js';
import type { Authenticate } from './http/route.js';
import type { JobHandler } from './jobs/jobs.js';
import type { Jobs } from './jobs/jobs.js';
import type { ContactResolver, Sms } from './notifications/index.js';
import type { Scoped } from './scope.js';
import { metricsOf, type Indicator, type StatSource } from './stats/index.js';

/**
 * What each module offers the others, by module name. A module adds its entry by declaration merging in its
 * `index.ts` (`declare module '../../platform/modules.js' { interface ModuleApis { cases: CasesApi } }`): a type only,
 * so a module can name what it needs from another without importing its code, and the composition root checks the
 * order of construction at start.
 */
export interface ModuleApis {}
export type ModuleName = keyof ModuleApis;

/** The platform layer every module may use: database, crypto, clock, calendar, files, jobs, messages. */
export interface PlatformServices {
  config: Config;
  handle: DbHandle;
  crypto: FieldCrypto;
  /** The audit trail's key, seal, checkpoints and verification (appendAudit writes the events). */
  audit: AuditTrail;
  /** Today in the federation's time zone, as YYYY-MM-DD (tests pin it). */
  today: () => string;
  calendar: WorkCalendar;
  calendarStore: CalendarStore;
  files: Files;
  jobs: Jobs;
  sms: Sms;
  sessions: SessionStore;
  /** What every module of the platform declared at the extension points (collected before any module is built). */
  extensions: Extensions;
}

/**
 * A module's contribution to the person page's one timeline: its own records of one person, read inside the actor's
 * scope (and its own need-to-know rules). The page never changes when a module is added.
 */
export type TimelineSource = (s: Scoped, personId: number) => Promise<TimelineEntry[]>;

/** A column of a module's table that points at a person: a merge of two person records moves it. */
export interface PersonLink {
  table: string;
  column: string;
}

/**
 * A module's contribution to the executive members' duty checklist (执委履职, the duties module): the duty kinds it
 * counts from its own records — visits made, families contacted, demands handled, talks given — and how many each
 * staff user did in a period. The duties module sums these per user against the checklist items configured for the
 * year; a new module adds kinds by declaring `duties` (the activities module: talks given, trainings attended).
 * `count` runs in the reader's transaction (its scope and row-level security hold); it returns only non-zero rows, for
 * the given users only, and days are China dates, both ends inclusive. Kind codes are `<module>.<what>` and unique.
 */
export interface DutyCounter {
  kinds: readonly { code: string; label: { 'zh-CN': string; 'en-US': string } }[];
  count: (
    s: Scoped,
    q: { userIds: readonly number[]; from: string; to: string },
  ) => Promise<{ userId: number; kind: string; value: number }[]>;
}

/** A record past its retention period: its id, and the registry person it is about (holds are per person). */
export interface RetentionCandidate {
  id: number;
  personId: number | null;
  orgId: number | null;
  orgPath: string | null;
}

/**
 * A record type a module keeps personal data in, for the retention job (platform/retention, decision 0016): which of
 * its records are past the cutoff (oldest first, at most `limit`, none already anonymised), and how to anonymise or
 * delete some of them. Both run as the platform, in the job's transaction; the period and purpose are the admin's
 * (retention_policies), the action is the type's own.
 */
export interface RetentionSource {
  recordType: string;
  label: { 'zh-CN': string; 'en-US': string };
  action: 'anonymise' | 'delete';
  due: (s: Scoped, cutoff: Date, limit: number) => Promise<RetentionCandidate[]>;
  /** Anonymises or deletes the given records (still due: it checks again); returns those it acted on. */
  apply: (s: Scoped, ids: readonly number[], cutoff: Date) => Promise<number[]>;
}

/** A reason to keep the records of some persons past retention (an open case, an active consent for a purpose). */
export interface RetentionHold {
  reason: string;
  label: { 'zh-CN': string; 'en-US': string };
  /** Which of these persons are held. */
  held: (s: Scoped, personIds: readonly number[]) => Promise<number[]>;
}

export interface Extensions {
  timeline: readonly { module: string; source: TimelineSource }[];
  personLinks: readonly PersonLink[];
  statistics: readonly StatSource[];
  duties: readonly { module: string; counter: DutyCounter }[];
  /** The indicator catalogue (数她说): every module's indicators, with the module that declared each. */
  indicators: readonly (Indicator & { module: string })[];
  retention: { sources: readonly RetentionSource[]; holds: readonly RetentionHold[] };
}

/** What a module's routes get from the HTTP layer: the staff and resident authenticators and cookie settings. */
export interface HttpServices {
  authenticate: Authenticate;
  residentAuthenticate: ResidentAuthenticate;
  cookieSecure: boolean;
  sessionMaxHours: number;
  demoMode: boolean;
}

/** Background work that runs about every `seconds` (sweeps, checks), across restarts (platform/jobs). */
export interface PeriodicJob {
  name: string;
  seconds: number;
  run: JobHandler<Record<string, never>>;
}

/** A module once built: the functions it offers, its routes, its background work. */
export interface BuiltModule<Api> {
  api: Api;
  routes?: (api: FastifyInstance, http: HttpServices) => void;
  jobs?: readonly PeriodicJob[];
  /** How to reach a recipient kind of this module on an external channel (a resident's phone). */
  contacts?: readonly { recipientKind: 'user' | 'resident'; channel: 'sms' | 'wechat'; resolve: ContactResolver }[];
  /** The resident portal's sign-in, when this module provides it (one module does). */
  residentAuthenticate?: ResidentAuthenticate;
}

/**
 * One module, declared once. `needs` lists the modules whose api it takes (built before it); the static extension
 * points (`timeline`, `personLinks`, `statistics`) are read before any module is built, so no module registers
 * anything by importing a file.
 */
export interface ModuleDeclaration<N extends ModuleName = ModuleName, D extends ModuleName = ModuleName> {
  name: N;
  /** Its own tables, and only its own (drizzle definitions). */
  tables: Readonly<Record<string, unknown>>;
  needs: readonly D[];
  timeline?: TimelineSource;
  personLinks?: readonly PersonLink[];
  statistics?: readonly StatSource[];
  /** Duty kinds it counts for the executive members' checklist (the duties module reads them; see DutyCounter). */
  duties?: DutyCounter;
  /** Its indicators: named figures over its counters or records, with definition, unit and formula. */
  indicators?: readonly Indicator[];
  /** The kinds of notification it sends (`demand.assigned` …), for the catalogue in ARCHITECTURE.md and the tests. */
  notificationKinds?: readonly string[];
  /** Record types it keeps personal data in, with their anonymisation, and the holds it puts on persons (0016). */
  retention?: { sources?: readonly RetentionSource[]; holds?: readonly RetentionHold[] };
  create(platform: PlatformServices, needs: Pick<ModuleApis, D>): BuiltModule<ModuleApis[N]>;
}

export function defineModule<N extends ModuleName, D extends ModuleName = never>(
  declaration: ModuleDeclaration<N, D>,
): ModuleDeclaration<N, D> {
  return declaration;
}

/** The extension points of a list of modules, in list order. */
export function collectExtensions(modules: readonly ModuleDeclaration[]): Extensions {
  const personLinks = modules.flatMap((m) => m.personLinks ?? []);
  // A merge writes these names into its statements: plain lower-case identifiers only.
  for (const l of personLinks)
    if (!/^[a-z_]+$/.test(l.table) || !/^[a-z_]+$/.test(l.column))
      throw new Error(`person link ${l.table}.${l.column}: not a plain identifier`);
  const statistics = modules.flatMap((m) => m.statistics ?? []);
  const names = statistics.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`counter source ${twice} is declared twice`);
  const duties = modules.flatMap((m) => (m.duties ? [{ module: m.name, counter: m.duties }] : []));
  const kinds = duties.flatMap((d) => d.counter.kinds.map((k) => k.code));
  const kindTwice = kinds.find((k, i) => kinds.indexOf(k) !== i);
  if (kindTwice) throw new Error(`duty kind ${kindTwice} is declared twice`);
  return {
    timeline: modules.flatMap((m) => (m.timeline ? [{ module: m.name, source: m.timeline }] : [])),
    personLinks,
    statistics,
    duties,
    indicators: checkIndicators(modules, statistics),
    retention: retentionOf(modules),
  };
}

/** The retention sources and holds of every module, each record type once. */
function retentionOf(modules: readonly ModuleDeclaration[]): Extensions['retention'] {
  const sources = modules.flatMap((m) => m.retention?.sources ?? []);
  const types = sources.map((s) => s.recordType);
  const twice = types.find((t, i) => types.indexOf(t) !== i);
  if (twice) throw new Error(`retention record type ${twice} is declared twice`);
  return { sources, holds: modules.flatMap((m) => m.retention?.holds ?? []) };
}

/** Every indicator once, over metrics some counter source declares (a typo would read zeros forever). */
function checkIndicators(modules: readonly ModuleDeclaration[], statistics: readonly StatSource[]) {
  const counted = new Set(statistics.flatMap((s) => s.metrics));
  const indicators = modules.flatMap((m) => (m.indicators ?? []).map((i) => ({ ...i, module: m.name })));
  const seen = new Set<string>();
  for (const i of indicators) {
    if (seen.has(i.code)) throw new Error(`indicator ${i.code} is declared twice`);
    seen.add(i.code);
    const unknown = metricsOf(i.formula).find((m) => !counted.has(m));
    if (unknown) throw new Error(`indicator ${i.code} reads ${unknown}, which no counter source declares`);
  }
  return indicators;
}

/**
 * Builds the modules in list order, each with the apis of the modules it needs. A module that needs one not built
 * before it (or not listed) stops the start with a message naming both.
 */
export function buildModules(
  platform: PlatformServices,
  modules: readonly ModuleDeclaration[],
): { apis: ModuleApis; built: { name: ModuleName; module: BuiltModule<unknown> }[] } {
  const apis = new Map<ModuleName, unknown>();
  const built: { name: ModuleName; module: BuiltModule<unknown> }[] = [];
  for (const declaration of modules) {
    if (apis.has(declaration.name)) throw new Error(`module ${declaration.name} is listed twice`);
    const needs: Record<string, unknown> = {};
    for (const need of declaration.needs) {
      if (!apis.has(need)) throw new Error(`module ${declaration.name} needs ${need}, which is not built before it`);
      needs[need] = apis.get(need);
    }
    const module = declaration.create(platform, needs as Pick<ModuleApis, ModuleName>) as BuiltModule<unknown>;
    apis.set(declaration.name, module.api);
    built.push({ name: declaration.name, module });
  }
  return { apis: Object.fromEntries(apis) as unknown as ModuleApis, built };
}
