import type { peopleImportZhCN } from './people-import.zh-CN';

export const peopleImportEnUS: typeof peopleImportZhCN = {
  imports: {
    steps: { template: 'Template', upload: 'Upload', preview: 'Check', import: 'Import' },
    templateIntro:
      'Fill in the import template: it has dropdowns, the org codes within your scope and a sheet of instructions.',
    templateRules:
      'Required columns: {{required}}. Persons are matched by ID number: a registered person is updated, and importing the same file again creates no duplicates.',
    downloadTemplate: 'Download the template',
    haveFile: 'I have a filled-in file',
    dropHere: 'Click or drop a file here',
    checking: 'Checking every row…',
    uploadHint: '.xlsx or .csv (UTF-8 or GBK: what Excel saves as CSV)',
    back: 'Back',
    counts: {
      total: 'Rows',
      valid: 'Valid',
      invalid: 'With problems',
      new: 'New',
      update: 'Updates',
      unchanged: 'Unchanged',
    },
    ignoredColumns: 'These columns were not recognised and will be ignored:',
    hasProblems:
      '{{count}} rows have problems and will be skipped. Download the annotated workbook, fix them and upload again.',
    allValid: 'All {{count}} rows are valid',
    row: 'Row',
    column: 'Column',
    wholeRow: 'Whole row',
    reason: 'Problem',
    downloadErrors: 'Download the annotated workbook',
    reupload: 'Upload again',
    discard: 'Discard',
    discardConfirm: 'Discard this import? The checked rows kept for it are deleted and nobody is imported.',
    discarded: 'The import was discarded and the rows kept for it were deleted.',
    purged:
      'The rows kept for this import (the rows with problems too) were deleted after the retention period; the annotated workbook is no longer available.',
    commit: 'Import {{count}} rows',
    commitValidOnly: 'Import only the {{count}} valid rows',
    status: {
      validating: 'Checking',
      validated: 'Ready',
      queued: 'Queued',
      running: 'Importing',
      done: 'Done',
      failed: 'Failed',
      discarded: 'Discarded',
    },
    progressRows: '{{done}} of {{total}} rows processed',
    runningNote:
      'The import runs in the background: you may leave this page; after a server restart it continues where it stopped.',
    done: 'Import finished: {{inserted}} new, {{updated}} updated, {{unchanged}} unchanged.',
    refused:
      '{{count}} rows were no longer valid at import time (e.g. the ID number was registered meanwhile) and were skipped.',
    failed: 'The import failed',
    queuedAt: 'Submitted',
    startedAt: 'Started',
    finishedAt: 'Finished',
    viewPeople: 'View the people',
    another: 'Import another file',
    recent: 'My imports',
    file: 'File',
    uploadedAt: 'Uploaded',
    progress: 'Progress',
    open: 'Open',
  },
};
