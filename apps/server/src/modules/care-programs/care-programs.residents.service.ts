import type { z } from 'zod';
import type { Benefit, Material, PeriodRule, PortalApplicationInput, PortalApplication } from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import type { ResidentActor } from '../../platform/http/portal-route.js';
import { runAsPortal, runAsSystem, type Scoped } from '../../platform/scope.js';
import type { Applications, Who } from './care-programs.applications.service.js';
import * as payRepo from './care-programs.payments.repository.js';
import * as repo from './care-programs.repository.js';
import type { CareDeps } from './care-programs.service.js';
import { portalView } from './care-programs.views.js';

export interface ResidentLinks {
  /** The registry person a cadre linked to the resident after confirming who she is (the portal module knows). */
  residentPerson(residentId: number): Promise<number | null>;
}

/**
 * The woman's side on /h5: the open programs, her applications, filing one with uploads from the phone, following
 * it. Reads run as the portal role (row-level security admits only her applications); filing needs the registry
 * facts the rules look at, which the portal role may not read, so her writes run as the platform in her name after
 * checking the application is hers.
 */
export function createResidentCare(deps: CareDeps, applications: Applications, links: ResidentLinks) {
  const read = <T>(r: ResidentActor, fn: (s: Scoped) => Promise<T>) =>
    runAsPortal(deps.handle, { residentId: r.residentId, trackingHash: null, request: r.request }, fn);
  const write = <T>(r: ResidentActor, fn: (s: Scoped, who: Who) => Promise<T>) =>
    runAsSystem(deps.handle, { kind: 'system', name: `portal:resident:${r.residentId}`, request: r.request }, (s) =>
      fn(s, { name: `portal:resident:${r.residentId}`, user: null, residentId: r.residentId }),
    );

  async function mine(s: Scoped, r: ResidentActor, id: number) {
    const a = await repo.findApplication(s, id, true);
    if (!a || a.residentId !== r.residentId) throw new AppError('CARE_APPLICATION_NOT_FOUND');
    return a;
  }
  async function view(r: ResidentActor, id: number): Promise<PortalApplication> {
    return read(r, async (s) => {
      const a = (await repo.applicationsOfResident(s, r.residentId)).find((x) => x.id === id);
      if (!a) throw new AppError('CARE_APPLICATION_NOT_FOUND');
      const p = (await repo.findProgram(s, a.programId))!;
      const reviews = await repo.reviewsOf(s, [a.id]);
      const materials = await repo.materialsOf(s, [a.id]);
      const paid = await payRepo.disbursementsOfApplications(s, [a.id]);
      return portalView(p, a, reviews, materials, paid[0]?.paidOn ?? null);
    });
  }

  return {
    programs: (r: ResidentActor) =>
      read(r, async (s) =>
        (await repo.listPrograms(s, { openOnly: true }))
          .filter((p) => p.kind !== 'greeting' && p.kind !== 'parcel')
          .map((p) => ({
            id: p.id,
            name: p.name,
            description: p.description,
            benefit: p.benefit as Benefit,
            period: p.period as PeriodRule,
            materials: p.materials as z.infer<typeof Material>[],
          })),
      ),
    list: (r: ResidentActor) =>
      read(r, async (s) => {
        const rows = await repo.applicationsOfResident(s, r.residentId);
        const out: PortalApplication[] = [];
        for (const a of rows) {
          const p = (await repo.findProgram(s, a.programId))!;
          const reviews = await repo.reviewsOf(s, [a.id]);
          const materials = await repo.materialsOf(s, [a.id]);
          const paid = await payRepo.disbursementsOfApplications(s, [a.id]);
          out.push(portalView(p, a, reviews, materials, paid[0]?.paidOn ?? null));
        }
        return out;
      }),
    get: view,
    apply: async (r: ResidentActor, input: z.infer<typeof PortalApplicationInput>) => {
      const personId = await links.residentPerson(r.residentId);
      if (personId === null)
        throw new AppError('CONFLICT', {
          field: 'personId',
          zh: '请先到村（社区）妇联核实身份，关联人员信息后再申请',
          en: 'Have your village federation confirm who you are (link your account) before applying',
        });
      const a = await write(r, (s, who) => applications.fileIn(s, who, { ...input, personId }, null));
      return view(r, a.id);
    },
    addMaterial: async (r: ResidentActor, id: number, code: string, name: string, bytes: Buffer) => {
      await write(r, async (s, who) => {
        await mine(s, r, id);
        return applications.addMaterialIn(s, who, id, code, name, bytes);
      });
      return view(r, id);
    },
    submit: async (r: ResidentActor, id: number) => {
      await write(r, async (s, who) => {
        await mine(s, r, id);
        return applications.submitIn(s, who, id);
      });
      return view(r, id);
    },
  };
}
export type ResidentCare = ReturnType<typeof createResidentCare>;
