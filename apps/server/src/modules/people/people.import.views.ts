import {
  CARE_SITUATION_LABELS,
  EDUCATION_LABELS,
  GENDER_LABELS,
  type LocalizedText,
  type PersonImport,
} from '@jinguo/contracts';
import type { FieldCrypto } from '../../platform/crypto.js';
import type { Cells } from './people.import.cells.excel.js';
import type { PreparedPerson } from './people.import.policy.js';
import type { ImportRow } from './people.import.repository.js';

/** An import as the API shows it: counts, progress, result. */
export function importView(imp: ImportRow, org: PersonImport['org']): PersonImport {
  return {
    id: imp.id,
    filename: imp.filename,
    format: imp.format as PersonImport['format'],
    encoding: imp.encoding,
    status: imp.status as PersonImport['status'],
    org,
    createdBy: imp.username,
    counts: {
      total: imp.totalRows,
      valid: imp.validRows,
      invalid: imp.invalidRows,
      new: imp.newRows,
      update: imp.updateRows,
      unchanged: imp.unchangedRows,
    },
    progress: {
      done: imp.doneRows,
      total: imp.validRows,
      percent: imp.validRows ? Math.round((imp.doneRows / imp.validRows) * 1000) / 10 : imp.status === 'done' ? 100 : 0,
    },
    result: { inserted: imp.inserted, updated: imp.updated, unchanged: imp.unchanged, refused: imp.refused },
    error: (imp.error as LocalizedText | null) ?? null,
    createdAt: imp.createdAt.toISOString(),
    queuedAt: imp.queuedAt?.toISOString() ?? null,
    startedAt: imp.startedAt?.toISOString() ?? null,
    finishedAt: imp.finishedAt?.toISOString() ?? null,
    purgedAt: imp.purgedAt?.toISOString() ?? null,
  };
}

/** A valid row shown as the user would type it (clear values: the importer typed them herself). */
export function displayCells(p: PreparedPerson, tagNames: Map<string, string>, crypto: FieldCrypto): Cells {
  const c = p.cols as Record<string, string | null | undefined>;
  const out: Cells = {
    name: c.name ?? undefined,
    idNumber: c.idNumberEnc ? crypto.decrypt(c.idNumberEnc) : undefined,
    gender: c.gender ? GENDER_LABELS[c.gender as 'female'] : undefined,
    birthDate: c.birthDate ?? undefined,
    phone: c.phoneEnc ? crypto.decrypt(c.phoneEnc) : undefined,
    ethnicity: c.ethnicity ?? undefined,
    education: c.education ? EDUCATION_LABELS[c.education as 'none'] : undefined,
    occupation: c.occupation ?? undefined,
    householdAddress: c.householdAddressEnc ? crypto.decrypt(c.householdAddressEnc) : undefined,
    residenceAddress: c.residenceAddressEnc ? crypto.decrypt(c.residenceAddressEnc) : undefined,
    orgCode: p.orgCode,
    tags: p.tags.length ? p.tags.map((t) => tagNames.get(t) ?? t).join('、') : undefined,
    school: c.school ?? undefined,
    careSituation: c.careSituation ? CARE_SITUATION_LABELS[c.careSituation as 'with_parents'] : undefined,
    currentPlace: p.migrant?.text ?? undefined,
  };
  for (const k of Object.keys(out) as (keyof Cells)[]) if (out[k] === undefined) delete out[k];
  return out;
}
