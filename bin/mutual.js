#!/usr/bin/env node
// The `mutual` command as an installed bin: the CLI is TypeScript, run through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
