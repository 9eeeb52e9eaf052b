#!/usr/bin/env node
// The `sweep` executable: sweep runs its TypeScript sources directly through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
// `sweep violations | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
