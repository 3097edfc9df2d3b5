// Type-aware lint (STYLE.md §10): promises are awaited or handled, switches over unions are exhaustive, no `any` in
// production code. `npm test` runs it before the typecheck.
//
// It also holds the module boundaries (ARCHITECTURE.md, issue 11):
// - eslint-plugin-boundaries: a module reaches another module only through its `index.ts`; the platform layer never
//   imports a module (the composition root `platform.ts` does, through the index files); nothing outside a module
//   reaches past its index either.
// - no-restricted-imports: SQL (drizzle operators, `sql`, `queryRows`, table objects) only in `*.repository.ts`,
//   table definitions (`drizzle-orm/pg-core`) only in `*.tables.ts`.
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

const SERVER = 'apps/server/src';

// Architectural elements, from the repository root. The first descriptor matching a file names its element.
const elements = [
  // A domain module: a folder of apps/server/src/modules; `module` is its name.
  { type: 'module', pattern: `${SERVER}/modules/*`, capture: ['module'], partialMatch: false },
  // The platform layer: shared services every module may use; it knows no module.
  { type: 'platform', pattern: `${SERVER}/platform`, partialMatch: false },
  { type: 'cli', pattern: `${SERVER}/cli`, partialMatch: false },
  { type: 'demo', pattern: `${SERVER}/demo`, partialMatch: false },
  { type: 'seed', pattern: `${SERVER}/seed`, partialMatch: false },
  // A province's federation network beyond its division codes (Chongqing's zones and 2025 reorganization).
  { type: 'provinces', pattern: `${SERVER}/provinces`, partialMatch: false },
  { type: 'server-test', pattern: 'apps/server/test', partialMatch: false },
  { type: 'bench', pattern: 'bench', partialMatch: false },
  { type: 'browser-test', pattern: 'tests/browser', partialMatch: false },
  { type: 'contracts', pattern: 'packages/contracts/src', partialMatch: false },
  { type: 'web', pattern: 'apps/web/src', partialMatch: false },
];

// Single files known by name (element descriptors describe folders). The composition root builds the platform and
// every module from their index files; main.ts starts it. Neither is restricted beyond the rules on modules.
const files = [
  { category: 'composition-root', pattern: `${SERVER}/platform.ts` },
  { category: 'main', pattern: `${SERVER}/main.ts` },
];

const SQL_ONLY_IN_REPOSITORIES =
  'SQL lives in *.repository.ts (tables in *.tables.ts): call a repository function. Type-only imports are fine.';
const TABLES_ONLY_IN_TABLE_FILES = 'Table definitions (drizzle-orm/pg-core) live in *.tables.ts files.';

// Imports a file that is neither a repository nor a table file may not make: the query builder, the tables, the raw
// query runner. `import type` stays allowed (a signature may name `SQL` or a row type).
const sqlRestrictions = {
  paths: [
    { name: 'drizzle-orm', allowTypeImports: true, message: SQL_ONLY_IN_REPOSITORIES },
    { name: 'drizzle-orm/pg-core', allowTypeImports: true, message: TABLES_ONLY_IN_TABLE_FILES },
  ],
  patterns: [
    { regex: '^drizzle-orm/(?!pg-core$)', allowTypeImports: true, message: SQL_ONLY_IN_REPOSITORIES },
    { regex: '\\.tables(\\.js)?$', allowTypeImports: true, message: SQL_ONLY_IN_REPOSITORIES },
    // Every table, gathered for drizzle-kit and the typed client.
    { regex: '/db/schema(\\.js)?$', allowTypeImports: true, message: SQL_ONLY_IN_REPOSITORIES },
    // The raw query runner (`queryRows(q, sql`...`)`).
    { regex: '/db/client(\\.js)?$', importNames: ['queryRows'], message: SQL_ONLY_IN_REPOSITORIES },
  ],
};

// Repositories (and a module's index, which lists its tables) write queries but define no tables.
const tableRestrictions = {
  paths: [{ name: 'drizzle-orm/pg-core', allowTypeImports: true, message: TABLES_ONLY_IN_TABLE_FILES }],
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      'bench/results/**',
      'apps/server/drizzle/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // A promise passed where a callback's result is ignored (setTimeout, on('…'), forEach) or tested as a boolean.
      // Its other void-return checks (returns, variables, properties, inherited methods) find nothing in this code and
      // cost 7 s of the rule's 20 s CPU on the server's sources alone (ESLint there: 57 s → 50 s CPU, 2026-12-05).
      '@typescript-eslint/no-misused-promises': [
        'error',
        {
          checksVoidReturn: {
            arguments: true,
            attributes: false,
            inheritedMethods: false,
            properties: false,
            returns: false,
            variables: false,
          },
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Prettier (npm test checks it) wraps code at 120; this holds comments to the same width. Strings and template
      // literals (SQL, messages, test names) are left whole rather than split mid-sentence.
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    // Tests read loosely typed JSON bodies; the rules about promises still hold there.
    files: ['**/*.test.ts', '**/test/**/*.ts', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },

  // Module boundaries (eslint-plugin-boundaries). Imports are resolved as TypeScript resolves them (`./x.js` is
  // `./x.ts`, `@jinguo/contracts` is packages/contracts/src), so the rules see the file an import reaches.
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { boundaries },
    settings: {
      'import/resolver': {
        typescript: {
          alwaysTryTypes: true,
          noWarnOnMultipleProjects: true,
          project: [
            'apps/server/tsconfig.json',
            'apps/web/tsconfig.json',
            'packages/contracts/tsconfig.json',
            'tests/browser/tsconfig.json',
            'bench/tsconfig.json',
          ],
        },
      },
      'boundaries/root-path': import.meta.dirname,
      'boundaries/elements': elements,
      'boundaries/files': files,
      // Re-exports (`export * from`) and `await import()` cross boundaries as much as imports do.
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            {
              // Within a module anything goes (the rule does not look at a file's imports of its own element);
              // from anywhere else, only the module's public entry, type-only imports included.
              disallow: { to: { element: { type: 'module', fileInternalPath: '!index.ts' } } },
              message:
                "Import module '{{to.element.captured.module}}' through its index.ts, not {{to.element.fileInternalPath}}",
            },
            {
              // The demo and the city-scale seed are loaders: they write rows as the migrations define them (COPY at
              // scale), so they may import a module's tables file. Nothing else past its index.
              from: { element: { types: ['demo', 'seed'] } },
              allow: { to: { element: { type: 'module', fileInternalPath: '*.tables.ts' } } },
            },
            {
              // The benchmarks measure each statement against its raw-SQL twin rendered by the same builder, so they
              // may import a module's repository files.
              from: { element: { type: 'bench' } },
              allow: { to: { element: { type: 'module', fileInternalPath: '*.repository.ts' } } },
            },
            {
              from: { element: { type: 'platform' } },
              disallow: { to: { element: { type: 'module' } } },
              message: 'The platform layer knows no module: the composition root (platform.ts) wires modules to it.',
            },
            {
              // The browser app and the shared contracts know no server code.
              from: { element: { types: ['web', 'contracts'] } },
              disallow: {
                to: [
                  { element: { types: ['module', 'platform', 'cli', 'demo', 'seed', 'provinces', 'server-test'] } },
                  { file: { categories: ['composition-root', 'main'] } },
                ],
              },
              message: 'The web app and the contracts import no server code: share it through @jinguo/contracts.',
            },
          ],
        },
      ],
      // An import the resolver cannot place is reported, not silently let through.
      'boundaries/no-unknown-dependencies': 'error',
    },
  },
  {
    // Every server source file belongs to a known element.
    files: [`${SERVER}/**/*.ts`],
    rules: { 'boundaries/no-unknown-files': 'error' },
  },

  // SQL only in repositories and migrations (tests exempt).
  {
    files: [`${SERVER}/modules/**/*.ts`],
    ignores: ['**/*.repository.ts', '**/*.tables.ts', '**/index.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', sqlRestrictions] },
  },
  {
    files: [`${SERVER}/platform/**/*.ts`],
    ignores: [
      '**/*.repository.ts',
      '**/*.tables.ts',
      `${SERVER}/platform/db/**`,
      // Builds the scope predicates (SQL fragments) every repository filters by.
      `${SERVER}/platform/scope.ts`,
      '**/*.test.ts',
    ],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', sqlRestrictions] },
  },
  // A transaction is one connection running one statement at a time: `Promise.all` over its queries only queues them
  // in node-postgres, which deprecates it (version 9 will refuse). Await them in turn (`inOrder`, platform/db).
  {
    files: [`${SERVER}/modules/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Promise'][callee.property.name=/^(all|allSettled|race|any)$/]",
          message:
            "A module's queries share its transaction's one connection: await them in turn (inOrder from platform/db/client).",
        },
      ],
    },
  },
  {
    files: [
      `${SERVER}/modules/**/*.repository.ts`,
      `${SERVER}/modules/*/index.ts`,
      `${SERVER}/platform/**/*.repository.ts`,
    ],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', tableRestrictions] },
  },
);
