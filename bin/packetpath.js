#!/usr/bin/env node
// Entry of the `packetpath` command. The CLI is TypeScript run through tsx, so
// `npx packetpath ...` works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
