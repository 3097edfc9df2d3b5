import { BankAccount, Diagnosis, type ApplicationInput, type CivilCategory } from '@jinguo/contracts';
import { AppError, fieldError } from '../../platform/errors.js';
import { decodeCursor } from '../../platform/http/cursor.js';
import type { Scoped, UserActor } from '../../platform/scope.js';
import { toFen, toYuan } from './care-programs.policy.js';
import { rulesOf } from './care-programs.programs.service.js';
import * as repo from './care-programs.repository.js';
import type { CareDeps } from './care-programs.service.js';

/* The checks and conversions filing an application needs: who acts, the once-only rule, amounts, sensitive columns. */

export interface Who {
  name: string;
  user: UserActor | null;
  residentId: number | null;
}
export const whoIs = (actor: UserActor): Who => ({ name: actor.username, user: actor, residentId: null });

export const OWNER = 'care_application';

/** A page cursor that is only an id (lists newest first). */
export function idCursor(cursor: string | undefined): { k: string; id: number } | null {
  const v = decodeCursor<{ id: unknown }>(cursor);
  if (!v) return null;
  if (!Number.isSafeInteger(v.id))
    throw fieldError('VALIDATION_FAILED', 'cursor', '分页游标无效', 'invalid page cursor');
  return { k: '', id: v.id as number };
}
const mask = (account: string) => `${account.slice(0, 4)} **** **** ${account.slice(-4)}`;

export async function requireApplication(s: Scoped, id: number, lock = false, field?: string) {
  const a = await repo.findApplication(s, id, lock);
  if (!a) throw new AppError('CARE_APPLICATION_NOT_FOUND', field ? { field } : {});
  return a;
}

export function notEligible(problems: { field: string; message: { 'zh-CN': string; 'en-US': string } }[]) {
  const first = problems[0]!;
  return new AppError('CARE_NOT_ELIGIBLE', {
    field: first.field,
    zh: `申请人不符合项目条件：${problems.map((p) => p.message['zh-CN']).join('；')}`,
    en: `The applicant does not meet the program rules: ${problems.map((p) => p.message['en-US']).join('; ')}`,
    errors: problems.map((p) => ({ field: p.field, code: 'CARE_NOT_ELIGIBLE', message: p.message })),
  });
}

/** A second benefit in the period is refused naming the earlier one, unless overridden with a permission and reason. */
export async function checkOnce(
  s: Scoped,
  p: repo.ProgramRow,
  personId: number,
  period: string,
  exceptId: number,
  override: boolean,
) {
  const earlier = await repo.earlierBenefit(s, p.id, personId, period, exceptId);
  if (!earlier || override) return earlier;
  const amount = toYuan(Number(earlier.amount_fen)).toLocaleString('en-US');
  const live = ['draft', 'in_review', 'returned'].includes(earlier.state);
  throw new AppError('CARE_ALREADY_BENEFITED', {
    field: 'personId',
    zh: live
      ? `申请人已有「${p.name}」申请 #${earlier.id}（${earlier.on}）正在办理，不能重复申请`
      : `申请人已于 ${earlier.on} 享受「${p.name}」${amount} 元（申请 #${earlier.id}），该项目${p.period === 'lifetime' ? '终身' : '每期'}限一次`,
    en: live
      ? `An application #${earlier.id} to "${p.name}" (${earlier.on}) is already under way`
      : `She already received "${p.name}" (${amount} yuan, application #${earlier.id}, ${earlier.on}); the program allows one ${p.period === 'lifetime' ? 'in a lifetime' : 'per period'}`,
  });
}

/** The declared facts, decrypted (the server's own checks; never sent back masked-less without unmasking). */
export function declaredOf(deps: Pick<CareDeps, 'crypto'>, a: repo.ApplicationRow) {
  return {
    civilCategory: a.civilCategoryEnc ? (deps.crypto.decrypt(a.civilCategoryEnc) as CivilCategory) : null,
    diagnosis: a.diagnosisEnc ? Diagnosis.parse(JSON.parse(deps.crypto.decrypt(a.diagnosisEnc))) : null,
    bankAccount: a.bankAccountEnc ? BankAccount.parse(JSON.parse(deps.crypto.decrypt(a.bankAccountEnc))) : null,
  };
}

export function sensitiveColumns(
  deps: Pick<CareDeps, 'crypto'>,
  input: Partial<Pick<ApplicationInput, 'civilCategory' | 'diagnosis' | 'bankAccount'>>,
) {
  const out: Partial<repo.ApplicationRow> = {};
  if (input.civilCategory !== undefined)
    out.civilCategoryEnc = input.civilCategory === null ? null : deps.crypto.encrypt(input.civilCategory);
  if (input.diagnosis !== undefined)
    out.diagnosisEnc = input.diagnosis === null ? null : deps.crypto.encrypt(JSON.stringify(input.diagnosis));
  if (input.bankAccount !== undefined) {
    out.bankAccountEnc = input.bankAccount === null ? null : deps.crypto.encrypt(JSON.stringify(input.bankAccount));
    out.bankAccountMasked = input.bankAccount === null ? null : mask(input.bankAccount.accountNumber);
  }
  return out;
}

export function checkAmount(p: repo.ProgramRow, amount: number | undefined, field = 'amount'): number {
  const max = rulesOf(p).benefit.amount;
  const value = amount ?? max;
  if (value <= 0) throw fieldError('VALIDATION_FAILED', field, '金额须大于 0', 'the amount must be more than 0');
  if (value > max)
    throw fieldError(
      'VALIDATION_FAILED',
      field,
      `金额不能超过项目标准 ${max} 元`,
      `the amount exceeds the program's ${max} yuan`,
    );
  return toFen(value);
}
