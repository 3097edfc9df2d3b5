import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { FILE_KINDS, MAX_UPLOAD_BYTES, type FileKind, type StoredFile } from '@jinguo/contracts';
import type { FieldCrypto } from '../crypto.js';
import { AppError, fieldError } from '../errors.js';
import { actorName, type Scoped } from '../scope.js';
import {
  countStoredFiles,
  deleteStoredFile,
  findStoredFile,
  insertStoredFile,
  listStoredFiles,
  listStoredFilesOf,
  type StoredFileMeta,
} from './files.repository.js';

export interface SaveFileInput {
  /** The record the file belongs to; reads go through that record's access rules. */
  owner: { type: string; id: number };
  orgPath: string;
  districtId?: number | null;
  /** The name on the user's computer (shown, never trusted for the type). */
  name: string;
  bytes: Buffer;
  accept: FileKind;
  maxBytes?: number;
}

/**
 * Text files have no magic number: a CSV or plain-text attachment is accepted only for `documents` and only if it is
 * valid UTF-8.
 */
const TEXT_DOCUMENTS = new Set(['txt', 'csv']);

async function sniff(bytes: Buffer, name: string, accept: FileKind): Promise<string> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected && (FILE_KINDS[accept] as readonly string[]).includes(detected.mime)) return detected.mime;
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  if (!detected && accept === 'documents' && TEXT_DOCUMENTS.has(ext)) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return ext === 'csv' ? 'text/csv' : 'text/plain';
    } catch {
      // not text: refused below
    }
  }
  throw new AppError('FILE_TYPE_NOT_ALLOWED', {
    field: 'file',
    zh: `不支持的文件类型${detected ? `（${detected.mime}）` : ''}：仅接受${accept === 'images' ? '图片（JPEG、PNG、WebP、GIF）' : '图片、PDF、Word、Excel、音频或文本文件'}`,
    en: `This type of file is not accepted${detected ? ` (${detected.mime})` : ''}: only ${accept === 'images' ? 'images (JPEG, PNG, WebP, GIF)' : 'images, PDF, Word, Excel, audio or text files'}`,
  });
}

const view = (r: StoredFileMeta): StoredFile => ({
  id: r.id,
  name: r.name,
  mime: r.mime,
  size: r.size,
  sha256: r.sha256,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
});
/** Uploads (photos, attachments): type checked from the bytes, size limited, encrypted at rest in the database. */
export function createFiles(deps: { crypto: FieldCrypto }) {
  return {
    /** Checks and stores a file in the caller's transaction. The caller has checked the actor may change the owner. */
    async saveFile(s: Scoped, input: SaveFileInput): Promise<StoredFile> {
      const max = input.maxBytes ?? MAX_UPLOAD_BYTES;
      if (input.bytes.length === 0) throw new AppError('FILE_EMPTY', { field: 'file' });
      if (input.bytes.length > max) {
        throw new AppError('FILE_TOO_LARGE', {
          field: 'file',
          zh: `文件过大：最大 ${Math.round(max / 1048576)} MB`,
          en: `The file is too large: at most ${Math.round(max / 1048576)} MB`,
        });
      }
      const name = input.name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
      if (!name.trim())
        throw fieldError('VALIDATION_FAILED', 'name', '文件名不能为空', 'the file name must not be empty');
      const mime = await sniff(input.bytes, name, input.accept);
      const row = await insertStoredFile(s.tx, {
        ownerType: input.owner.type,
        ownerId: input.owner.id,
        orgPath: input.orgPath,
        districtId: input.districtId ?? null,
        name,
        mime,
        size: input.bytes.length,
        sha256: createHash('sha256').update(input.bytes).digest('hex'),
        content: deps.crypto.encryptBytes(input.bytes),
        createdBy: actorName(s.actor),
      });
      return view(row);
    },

    /** The files of one owner record (metadata only). */
    async listFiles(s: Scoped, owner: { type: string; id: number }): Promise<StoredFile[]> {
      const rows = await listStoredFiles(s.tx, owner);
      return rows.map(view);
    },

    /** The files of a page of owner records of one type (metadata only; one query), by owner. */
    async listFilesOf(s: Scoped, ownerType: string, ownerIds: readonly number[]): Promise<Map<number, StoredFile[]>> {
      const byOwner = new Map<number, StoredFile[]>();
      if (!ownerIds.length) return byOwner;
      for (const r of await listStoredFilesOf(s.tx, ownerType, ownerIds)) {
        const list = byOwner.get(Number(r.ownerId)) ?? [];
        list.push(view(r));
        byOwner.set(Number(r.ownerId), list);
      }
      return byOwner;
    },

    /** One file with its bytes, if it belongs to `owner` (so a route can never serve another record's file). */
    async readFile(
      s: Scoped,
      owner: { type: string; id: number },
      fileId: number,
    ): Promise<{ meta: StoredFile; bytes: Buffer }> {
      const row = await findStoredFile(s.tx, owner, fileId);
      if (!row) throw new AppError('FILE_NOT_FOUND', { field: 'fileId' });
      return { meta: view(row), bytes: deps.crypto.decryptBytes(row.content) };
    },

    async removeFile(s: Scoped, owner: { type: string; id: number }, fileId: number): Promise<StoredFile> {
      const row = await deleteStoredFile(s.tx, owner, fileId);
      if (!row) throw new AppError('FILE_NOT_FOUND', { field: 'fileId' });
      return view(row);
    },

    /** Files per owner, for lists that show a count (one query for a page of records). */
    async countFiles(s: Scoped, ownerType: string, ownerIds: readonly number[]): Promise<Map<number, number>> {
      if (!ownerIds.length) return new Map();
      const rows = await countStoredFiles(s.tx, ownerType, ownerIds);
      return new Map(rows.map((r) => [r.ownerId, Number(r.n)]));
    },
  };
}
export type Files = ReturnType<typeof createFiles>;

/**
 * Raw-body uploads: the file itself is the body (its own content type, or application/octet-stream), `?name=` its name.
 */
export const UPLOAD_CONTENT_TYPES = [
  'application/octet-stream',
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'audio/mpeg',
  'audio/wav',
  'audio/mp4',
];

export function registerUploadParser(scope: FastifyInstance, maxBytes = MAX_UPLOAD_BYTES): void {
  scope.addContentTypeParser(
    UPLOAD_CONTENT_TYPES,
    { parseAs: 'buffer', bodyLimit: maxBytes + 1 },
    (_request, body, done) => done(null, body),
  );
}
