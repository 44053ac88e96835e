// @ts-check
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * Workflow code is replayed and must be deterministic: it may import only
 * @temporalio/workflow (and the SDK's pure @temporalio/common), domain/ and workflows/.
 * domain/ is imported by workflows, so it is held to the same rule.
 */
const deterministic = {
  'no-restricted-imports': [
    'error',
    {
      paths: nodeBuiltins.map((name) => ({ name, message: 'workflow and domain code must not use Node built-ins (no I/O in workflows)' })),
      patterns: [
        { group: ['**/activities', '**/activities/**'], message: 'workflows call activities through proxyActivities, never directly' },
        {
          group: ['**/schema', '**/schema/**', '**/client', '**/client/**', '**/worker', '**/worker/**'],
          message: 'no database, client or worker code in workflows',
        },
        {
          group: ['**/demo', '**/demo/**'],
          message: 'the demo county is data for the CLI and tests, not procedure code: workflows and domain never import demo/',
        },
        {
          group: ['kysely', 'kysely*', 'postgres', 'pg', '@electric-sql/*', 'pino', 'zod'],
          message: 'no database, logging or schema libraries in workflow code',
        },
        {
          group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'],
          message: 'workflow code imports only @temporalio/workflow',
        },
      ],
    },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
      message: 'no Date.now() in workflow code: time comes from the server through an activity',
    },
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'no new Date() in workflow code' },
    { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'no Math.random() in workflow code' },
  ],
};

export default tseslint.config(
  // web/dist is Vite's minified output; the UI's sources in web/src are linted like the rest.
  { ignores: ['node_modules/**', '.tools/**', 'data/**', 'dist/**', 'coverage/**', 'web/dist/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['workflows/**/*.ts', 'domain/**/*.ts'], rules: deterministic },
  // The policy schema is parsed by the client, never inside a workflow.
  { files: ['domain/policy.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Migrations are written against Kysely<any>: they must not change when the types do.
  { files: ['schema/migrations/**/*.ts', 'schema/migrate.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['bin/**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
