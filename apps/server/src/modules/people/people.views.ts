import { ageOn } from '@jinguo/contracts';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { PersonRow } from './people.repository.js';

/** Addresses are masked to their first six characters (district and street level), the rest starred. */
export function maskAddress(address: string): string {
  return address.length <= 6
    ? address.replace(/./g, '*')
    : `${address.slice(0, 6)}${'*'.repeat(Math.min(8, address.length - 6))}`;
}

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
