import { z } from 'zod';

/** A stored upload (photo, attachment): the bytes are read through the owning record's route. */
export const StoredFile = z.object({
  id: z.number().int(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  /** Who uploaded it (username, or system:… for the platform). */
  createdBy: z.string(),
  createdAt: z.string(),
});
export type StoredFile = z.infer<typeof StoredFile>;

/** `?name=` of a raw-body upload: the file name as the user's computer had it. */
export const UploadQuery = z.object({ name: z.string().trim().min(1).max(200) });

export const FILE_KINDS = {
  images: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'],
  documents: [
    'image/jpeg',
    'image/png',
    'image/webp',
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'audio/mpeg',
    'audio/wav',
    'audio/mp4',
  ],
} as const;
export type FileKind = keyof typeof FILE_KINDS;
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * The password of an exported file that holds personal data in clear or case contents (ECMA-376 agile encryption):
 * 8–64 characters with three of lower case, upper case, digits and symbols.
 */
export const ExportPassword = z
  .string()
  .min(8)
  .max(64)
  .refine((p) => [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length >= 3, {
    message: 'password_classes',
  });
