// Entry point of `idt-lsp`: the language server over stdio (or --node-ipc / --socket=<port>).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { startServer } from './language-server.js';
import { tuneMemory } from './memory.js';

tuneMemory();

const transport = process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'));
// Without a transport flag, stdio: `idt-lsp` alone works as editors expect.
const connection = transport ? createConnection(ProposedFeatures.all) : createConnection(ProposedFeatures.all, process.stdin, process.stdout);
// Never die on a stray error: log it and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`idt-lsp: unexpected error: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`idt-lsp: unexpected error: ${String(e)}`));
startServer(connection);
