/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // Node loads these ESM-only dependencies itself (require(esm)); jest needs them compiled to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(cookie)/)'],
  // Integration tests talk to real servers; give them room without hiding hangs.
  testTimeout: 30000,
};
