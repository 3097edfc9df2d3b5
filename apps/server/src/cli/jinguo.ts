// `npm run jinguo -- <command>` / `npx jinguo <command>`: the operator CLI. See cli.ts for the commands.
import { runCli } from './cli.js';

const code = await runCli(process.argv.slice(2));
// PGlite and pg pools are closed by each command; exit explicitly so a stray handle cannot keep the process alive.
process.exit(code);
