// Editor services: position-based language knowledge in offsets (no editor protocol), shared by
// the language server, the CLI and a browser playground.
export * from './incremental-parse.js';
export * from './occurrences.js';
export * from './navigation.js';
export * from './hover.js';
export * from './completion.js';
export * from './signature-help.js';
export * from './structure.js';
export * from './semantic-tokens.js';
export * from './inlay-hints.js';
export * from './quick-fixes.js';
export * from './locate.js';
