// The house's rules, checked by `npx depcruise src` (tests/architecture.test.ts runs it in npm test).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import in one direction; a circle means two of them are one room.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'writer-sees-model-and-theme-only',
      severity: 'error',
      comment: 'A writer knows the document model and a theme, never content, selection, templates or Markdown.',
      from: { path: '^src/write/' },
      to: { path: ['^src/(content|select|template|markdown|pack|cli|serve)/', '^node_modules/(handlebars|yaml|markdown-it)'] },
    },
    {
      name: 'writers-through-their-entry',
      severity: 'error',
      comment: "Outside src/write, a writer is reached through write/index.ts (or the shared write/types.ts), never its internals.",
      from: { path: '^src/', pathNot: '^src/write/' },
      to: { path: '^src/write/[^/]+/' },
    },
    {
      name: 'model-is-the-hub',
      severity: 'error',
      comment: 'The document model imports nothing of the pipeline.',
      from: { path: '^src/document/model\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'theme-below-writers',
      severity: 'error',
      comment: 'Both writers read the theme; the theme reads no writer.',
      from: { path: '^src/theme/' },
      to: { path: '^src/(write|pack|cli)/' },
    },
    {
      name: 'run-flows-one-way',
      severity: 'error',
      comment: 'A run is planned before it is composed, composed before it is executed and assembled: planning needs nothing of the later steps.',
      from: { path: '^src/pack/plan/' },
      to: { path: '^src/pack/(compose|execute|assemble|output)/' },
    },
    {
      name: 'compose-before-execute',
      severity: 'error',
      comment: 'Composing a document knows its plan, never how or where its files are made.',
      from: { path: '^src/pack/compose/' },
      to: { path: '^src/pack/(execute|assemble|output)/' },
    },
    {
      name: 'resolvable',
      severity: 'error',
      comment: 'Every import resolves: a rule cannot judge a module it cannot find.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    // Package subpaths (docx/layout) resolve through their exports, as Node resolves them.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
