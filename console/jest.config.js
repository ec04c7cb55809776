// The console's unit tests: its pure modules (model/, the SSE parser, submit-and-track), in Node.
module.exports = {
  displayName: 'console',
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // CommonJS for Jest; the bundle (esbuild) keeps ES modules.
    '^.+\\.tsx?$': [
      'ts-jest',
      { tsconfig: { module: 'commonjs', moduleResolution: 'node10', jsx: 'react-jsx', jsxImportSource: 'preact' } },
    ],
  },
};
