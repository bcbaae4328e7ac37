import type { CodegenConfig } from '@graphql-codegen/cli';

// Types and the persisted-documents manifest of the dashboard, generated from the TKSK role contract: codegen only
// knows the fields and arguments a TKSK may use, so a query asking for anything else fails here, not in the field.
// Run from the repository root: `npm run codegen` (or `npx graphql-codegen --config examples/dashboard/codegen.ts`).
const config: CodegenConfig = {
  schema: 'docs/contracts/TKSK.graphql',
  documents: ['examples/dashboard/src/**/*.{ts,tsx}', '!examples/dashboard/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'examples/dashboard/src/gql/': {
      preset: 'client',
      presetConfig: {
        // persisted-documents.json: sha256 -> document, registered with `npm run documents -- register`; each
        // typed document carries its hash in `__meta__.hash` for the persisted query link.
        persistedDocuments: true,
        fragmentMasking: false,
      },
      config: { enumsAsTypes: true, scalars: { Date: 'string' }, useTypeImports: true },
    },
  },
};

export default config;
