#!/usr/bin/env node
// Runs the CLI compiled from the TypeScript sources (bin/compile.cjs: rebuilt whenever a
// source changed, so there is no build step to forget; tsx runs the sources when no build
// can be made).
require('./compile.cjs')
  .loadCli()
  .then((cli) => cli.main(process.argv))
  .catch((err) => {
    // Last-resort guard: command handlers print their own one-line reasons.
    process.stderr.write(`cadreflow: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
