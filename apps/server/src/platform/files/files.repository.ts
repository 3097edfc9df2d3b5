import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { storedFiles } from './files.tables.js';

/** A file's metadata, without its (encrypted) bytes. */
const META = {
  id: storedFiles.id,
  name: storedFiles.name,
  mime: storedFiles.mime,
  size: storedFiles.size,
  sha256: storedFiles.sha256,
  createdBy: storedFiles.createdBy,
  createdAt: storedFiles.createdAt,
};
export type StoredFileRow = typeof storedFiles.$inferSelect;
export type StoredFileMeta = Pick<StoredFileRow, keyof typeof META>;
type Owner = { type: string; id: number };

export async function insertStoredFile(q: Queryable, row: typeof storedFiles.$inferInsert): Promise<StoredFileMeta> {
  const [inserted] = await q.insert(storedFiles).values(row).returning(META);
  return inserted!;
}

export async function listStoredFiles(q: Queryable, owner: Owner): Promise<StoredFileMeta[]> {
  return q
    .select(META)
    .from(storedFiles)
    .where(and(eq(storedFiles.ownerType, owner.type), eq(storedFiles.ownerId, owner.id)))
    .orderBy(storedFiles.id);
}

/** The files of several owners of one type (metadata only), by owner then upload. */
export async function listStoredFilesOf(
  q: Queryable,
  ownerType: string,
  ownerIds: readonly number[],
): Promise<(StoredFileMeta & { ownerId: number })[]> {
  return q
    .select({ ...META, ownerId: storedFiles.ownerId })
    .from(storedFiles)
    .where(and(eq(storedFiles.ownerType, ownerType), inArray(storedFiles.ownerId, [...ownerIds])))
    .orderBy(storedFiles.ownerId, storedFiles.id);
}

export async function findStoredFile(q: Queryable, owner: Owner, fileId: number): Promise<StoredFileRow | undefined> {
  const [row] = await q
    .select()
    .from(storedFiles)
    .where(and(eq(storedFiles.id, fileId), eq(storedFiles.ownerType, owner.type), eq(storedFiles.ownerId, owner.id)));
  return row;
}

export async function deleteStoredFile(
  q: Queryable,
  owner: Owner,
  fileId: number,
): Promise<StoredFileMeta | undefined> {
  const [row] = await q
    .delete(storedFiles)
    .where(and(eq(storedFiles.id, fileId), eq(storedFiles.ownerType, owner.type), eq(storedFiles.ownerId, owner.id)))
    .returning(META);
  return row;
}

export async function countStoredFiles(
  q: Queryable,
  ownerType: string,
  ownerIds: readonly number[],
): Promise<{ ownerId: number; n: number }[]> {
  return q
    .select({ ownerId: storedFiles.ownerId, n: sql<number>`count(*)::int` })
    .from(storedFiles)
    .where(
      and(
        eq(storedFiles.ownerType, ownerType),
        sql`${storedFiles.ownerId} = any(${sql.raw(`array[${ownerIds.map(Number).join(',')}]::bigint[]`)})`,
      ),
    )
    .groupBy(storedFiles.ownerId);
}
