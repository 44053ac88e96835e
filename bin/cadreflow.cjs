#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so there is no build step to forget.
require('tsx/cjs');
require('../client/cli.ts')
  .main(process.argv)
  .catch((err) => {
    // Last-resort guard: command handlers print their own one-line reasons.
    process.stderr.write(`cadreflow: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
