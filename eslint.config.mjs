import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layers: svc -> pkg/<name>-* and pkg/contracts -> pkg/object-model -> pkg/kit, db, events,
 * observability, auth (which know no domain). An import against that direction fails lint.
 */
const INFRASTRUCTURE = ['kit', 'db', 'events', 'observability', 'auth'];
const SERVICES = [
  'api-gateway-service',
  'link-service',
  'user-service',
  'social-graph-service',
  'news-service',
];

const NO_SVC = { regex: '(^|/)svc/', message: 'pkg is a library: it never imports a deployable (svc).' };
const NO_DOMAIN = {
  regex: '^\\.\\.?/(.*/)?(object-model|contracts|link-checker|[a-z-]+-(manager|client))(/|$)',
  message: 'The kit, db, events, observability and auth know no domain: pass errors, streams and names in.',
};
const NO_OTHER_SVC = {
  regex: '^\\.\\./(?!\\.\\.)',
  message: 'A service never imports another service: share through pkg (a contract or a client).',
};
const noOwnClient = (service) => ({
  regex: `(^|/)pkg/${service.replace(/-service$/, '')}-client(/|$)`,
  message: 'A service does not import its own client: its contract is in pkg/contracts.',
});
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'pb/generated/**',
      'pkg/api-gateway-client/generated/**',
      'coverage/**',
    ],
  },
  // Mutation testing's sandboxes and reports.
  { ignores: ['.stryker-tmp/**', 'reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['pkg/**/*.ts'], rules: restrict(NO_SVC) },
  { files: INFRASTRUCTURE.map((name) => `pkg/${name}/**/*.ts`), rules: restrict(NO_SVC, NO_DOMAIN) },
  ...SERVICES.map((service) => ({
    files: [`svc/${service}/**/*.ts`],
    rules: restrict(NO_OTHER_SVC, noOwnClient(service)),
  })),
  { files: ['svc/link-checker/**/*.ts'], rules: restrict(NO_OTHER_SVC) },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
