// Uploaded files: checked by their bytes, size-limited, encrypted at rest, read through their owner's route.
export { createFiles, registerUploadParser, UPLOAD_CONTENT_TYPES, type Files, type SaveFileInput } from './files.js';
export { passwordProtectWorkbook } from './protected-workbook.js';
