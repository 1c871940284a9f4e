// Public API of the idt language server (for the VS Code extension and tests).
export { startServer, type ServerHandle } from './language-server.js';
export { Session } from './session.js';
export { uriToPath, pathToUri } from './convert.js';
