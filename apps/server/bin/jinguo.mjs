#!/usr/bin/env node
// `npx jinguo <command>` inside the workspace: runs the TypeScript CLI (apps/server/src/cli/jinguo.ts) through tsx,
// in this process, so exit codes and signals are the CLI's own.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/jinguo.ts');
