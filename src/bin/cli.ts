#!/usr/bin/env -S node --import tsx
// `ist-export` / `npm run cli -- <verb>`: the operator CLI (src/cli/program.ts).
import { runCli } from '../cli/program.ts';

process.exit(await runCli(process.argv.slice(2)));
