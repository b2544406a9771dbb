#!/usr/bin/env node
// The analysts' CLI: loads TypeScript through tsx, as the server does, then runs src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
