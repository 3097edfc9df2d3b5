export * from './errors.js';
export * from './pagination.js';
export * from './permissions.js';
export * from './organizations.js';
export * from './accounts.js';
export * from './audit.js';
export * from './masking.js';
