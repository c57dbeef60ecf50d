#!/usr/bin/env node
// The `zipteams-mock` command. A committed stub, so npm links the command at install time even in
// a fresh checkout where dist/ is only built afterwards (the root `prepare` script builds it).
try {
  await import('../dist/cli.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('zipteams-mock is not built yet: run `npm run build` first.');
    process.exit(1);
  }
  throw error;
}
