import { maskAddress } from '@jinguo/contracts';
import { ageOn, type Person, type PersonListItem } from '@jinguo/contracts';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { PersonRow } from './people.repository.js';

export { maskAddress };

export function ageOf(row: Pick<PersonRow, 'birthDate'>, today: string): number | null {
  return row.birthDate ? ageOn(row.birthDate, today) : null;
}

/** What a record looks like in the audit trail: masks only, never ciphertext or clear personal data. */
export function auditPerson(row: PersonRow, crypto: FieldCrypto) {
  return {
    id: row.id,
    orgId: row.orgId,
    name: row.name,
    gender: row.gender,
    birthDate: row.birthDate,
    idNumber: row.idNumberMasked,
    phone: row.phoneMasked,
    householdAddress: row.householdAddressEnc ? maskAddress(crypto.decrypt(row.householdAddressEnc)) : null,
    residenceAddress: row.residenceAddressEnc ? maskAddress(crypto.decrypt(row.residenceAddressEnc)) : null,
    ethnicity: row.ethnicity,
    education: row.education,
    occupation: row.occupation,
    school: row.school,
    careSituation: row.careSituation,
    status: row.status,
    version: row.version,
  };
}

const CHILD_AGE = 18;

/** A person as the API shows her: personal fields masked, age and child flag as of `today`. */
/** The columns a person's view shows (a row of persons, or the detail statement's). */
export type PersonViewRow = Pick<
  PersonRow,
  | 'id'
  | 'name'
  | 'gender'
  | 'birthDate'
  | 'idNumberMasked'
  | 'phoneMasked'
  | 'ethnicity'
  | 'householdAddressEnc'
  | 'residenceAddressEnc'
  | 'education'
  | 'occupation'
  | 'school'
  | 'careSituation'
  | 'status'
  | 'mergedIntoId'
  | 'version'
  | 'createdAt'
  | 'updatedAt'
>;

export function personView(
  row: PersonViewRow,
  parts: {
    org: Person['org'];
    tags: { tag: string; addedAt: Date; addedBy: string | null }[];
    guardians: { personId: number; name: string; relationship: string }[];
  },
  today: string,
  crypto: FieldCrypto,
): Person {
  const { org, tags, guardians } = parts;
  const age = ageOf(row, today);
  return {
    id: row.id,
    org,
    name: row.name,
    gender: row.gender as Person['gender'],
    birthDate: row.birthDate,
    age,
    idNumber: row.idNumberMasked,
    phone: row.phoneMasked,
    ethnicity: row.ethnicity,
    householdAddress: row.householdAddressEnc ? maskAddress(crypto.decrypt(row.householdAddressEnc)) : null,
    residenceAddress: row.residenceAddressEnc ? maskAddress(crypto.decrypt(row.residenceAddressEnc)) : null,
    education: row.education as Person['education'],
    occupation: row.occupation,
    school: row.school,
    careSituation: row.careSituation as Person['careSituation'],
    isChild: age !== null && age < CHILD_AGE,
    tags: tags.map((t) => ({ code: t.tag, addedAt: t.addedAt.toISOString(), addedBy: t.addedBy })),
    guardians: guardians.map((g) => ({ personId: g.personId, name: g.name, relationship: g.relationship })),
    status: row.status as Person['status'],
    mergedIntoId: row.mergedIntoId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A row of a person list: masked, with her current tag codes. */
export function personListItem(
  r: Pick<PersonRow, 'id' | 'name' | 'gender' | 'birthDate' | 'idNumberMasked' | 'phoneMasked' | 'status'>,
  org: PersonListItem['org'],
  tags: string[],
  today: string,
): PersonListItem {
  const age = ageOf(r, today);
  return {
    id: r.id,
    org,
    name: r.name,
    gender: r.gender as PersonListItem['gender'],
    birthDate: r.birthDate,
    age,
    idNumber: r.idNumberMasked,
    phone: r.phoneMasked,
    isChild: age !== null && age < CHILD_AGE,
    status: r.status as PersonListItem['status'],
    tags,
  };
}
