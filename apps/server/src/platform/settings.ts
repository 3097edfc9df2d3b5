// The composition root's import path; the settings' SQL lives in settings.repository.ts.
export { readSetting, writeSetting } from './settings.repository.js';
