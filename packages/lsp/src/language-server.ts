// The idt language server: LSP requests and notifications wired to the session and the services.
//
// Every handler is guarded: whatever the input, a failure is logged to the client's console and
// answered with an empty result, and the server keeps running.
import {
  CodeActionKind, DidChangeWatchedFilesNotification, FileChangeType, TextDocuments, TextDocumentSyncKind,
  type Connection, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndexCache, uriToPath } from './convert.js';
import { completion, resolveCompletion } from './features/completion.js';
import { toLspDiagnostic } from './features/diagnostics.js';
import { codeActions, hints, signatureHelp } from './features/editing.js';
import { formatDocument, formattingAvailable } from './features/formatting.js';
import { definition, highlights, hover, prepare, references, rename } from './features/navigation.js';
import { fullSemanticTokens, legend } from './features/semantic-tokens.js';
import { documentSymbols, foldingRanges, symbolsOfWorkspace } from './features/structure.js';
import { IdleCollector } from './idle-gc.js';
import { Session } from './session.js';

const DEFAULT_VALIDATION_DELAY = 10;
const MAX_VALIDATION_WAIT = 250;

export interface ServerHandle {
  readonly session: Session;
}

export function startServer(connection: Connection): ServerHandle {
  const session = new Session();
  const lines = new LineIndexCache();
  const documents = new TextDocuments(TextDocument);
  /** Which check of each open file its published diagnostics came from. */
  const published = new Map<string, unknown>();
  let watchRegistration = false;
  let folderEvents = false;
  let editRangeDefault = false;

  const idle = new IdleCollector();
  const log = (what: string, e: unknown) => connection.console.error(`idt-lsp: ${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  function guard<A extends unknown[], R>(what: string, fallback: R, fn: (...args: A) => R): (...args: A) => R {
    return (...args: A): R => {
      idle.touch();
      try {
        return fn(...args);
      } catch (e) {
        log(what, e);
        return fallback;
      }
    };
  }

  // ---------------------------------------------------------------- diagnostics

  /** Milliseconds without edits before checking: a burst of keystrokes is checked once. */
  let validationDelay = DEFAULT_VALIDATION_DELAY;
  let timer: NodeJS.Timeout | undefined;
  let burstStart = 0;
  const schedule = () => {
    const now = Date.now();
    if (timer) clearTimeout(timer);
    else burstStart = now;
    // During an endless burst (a paste replayed key by key, a script) check at least this often.
    const wait = now - burstStart >= MAX_VALIDATION_WAIT ? 0 : validationDelay;
    timer = setTimeout(() => {
      timer = undefined;
      guard('checking', undefined, publishPending)();
    }, wait);
  };

  function publishPending(): void {
    // One file failing must not hold back the others.
    for (const file of session.pending()) guard(`checking ${file}`, undefined, publish)(file);
    // Files a request checked in the meantime still need their diagnostics sent.
    for (const file of session.docs.keys()) guard(`checking ${file}`, undefined, publish)(file);
  }

  function publish(file: string): void {
    const doc = session.docs.get(file);
    if (!doc) return;
    const program = session.programFor(file);
    if (!program || published.get(file) === program) return;
    published.set(file, program);
    const diagnostics = session.diagnosticsFor(file).map((d) => toLspDiagnostic(d, session, lines));
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  }

  // ---------------------------------------------------------------- lifecycle

  connection.onInitialize(
    guard('initialize', { capabilities: {} } as InitializeResult, (params: InitializeParams): InitializeResult => {
      const folders = params.workspaceFolders?.map((f) => uriToPath(f.uri)) ?? (params.rootUri ? [uriToPath(params.rootUri)] : params.rootPath ? [params.rootPath] : []);
      session.roots = folders;
      const options = params.initializationOptions as { validationDelay?: unknown } | undefined;
      if (typeof options?.validationDelay === 'number' && options.validationDelay >= 0) validationDelay = options.validationDelay;
      watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      folderEvents = params.capabilities.workspace?.workspaceFolders === true;
      editRangeDefault = params.capabilities.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange') === true;
      return {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          completionProvider: { triggerCharacters: ['.', '[', '(', '~'], resolveProvider: true },
          hoverProvider: true,
          definitionProvider: true,
          referencesProvider: true,
          documentHighlightProvider: true,
          renameProvider: { prepareProvider: true },
          documentSymbolProvider: true,
          workspaceSymbolProvider: true,
          semanticTokensProvider: { legend, full: true },
          foldingRangeProvider: true,
          signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
          inlayHintProvider: true,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
          ...(formattingAvailable() ? { documentFormattingProvider: true } : {}),
          workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        },
        serverInfo: { name: 'idt-lsp', version: '0.1.0' },
      };
    }),
  );

  connection.onInitialized(
    guard('initialized', undefined, () => {
      if (watchRegistration) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.idt' }, { globPattern: '**/idt.json' }, { globPattern: '**/*.json' }],
        });
      }
      if (folderEvents) connection.workspace.onDidChangeWorkspaceFolders(
        guard('workspace folders', undefined, (e) => {
          const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
          session.roots = [...session.roots.filter((r) => !removed.has(r)), ...e.added.map((f) => uriToPath(f.uri))];
          session.everythingChanged();
          schedule();
        }),
      );
    }),
  );

  // ---------------------------------------------------------------- documents

  documents.onDidOpen(
    guard('open', undefined, (e) => {
      const file = uriToPath(e.document.uri);
      session.open(e.document.uri, file, e.document.getText(), e.document.version);
      schedule();
    }),
  );
  documents.onDidChangeContent(
    guard('change', undefined, (e) => {
      const file = uriToPath(e.document.uri);
      const doc = session.docs.get(file);
      const text = e.document.getText();
      if (!doc || (doc.text === text && doc.version === e.document.version)) return;
      session.change(file, text, e.document.version);
      schedule();
    }),
  );
  documents.onDidClose(
    guard('close', undefined, (e) => {
      const file = uriToPath(e.document.uri);
      session.close(file);
      published.delete(file);
      lines.forget(file);
      // Nothing of a closed file stays on screen.
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      schedule();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guard('watched files', undefined, (params) => {
      for (const c of params.changes) {
        const file = uriToPath(c.uri);
        if (c.type !== FileChangeType.Changed || !file.endsWith('.idt')) session.everythingChanged();
        else if (!session.docs.has(file)) session.fileChanged(file);
      }
      schedule();
    }),
  );

  // ---------------------------------------------------------------- features

  const fileOf = (uri: string) => uriToPath(uri);
  connection.onCompletion(guard('completion', { isIncomplete: false, items: [] }, (p) => completion(session, lines, p, fileOf(p.textDocument.uri), editRangeDefault)));
  connection.onCompletionResolve((item) => guard('completion resolve', item, resolveCompletion)(item));
  connection.onHover(guard('hover', null, (p) => hover(session, lines, fileOf(p.textDocument.uri), p.position)));
  connection.onDefinition(guard('definition', null, (p) => definition(session, lines, fileOf(p.textDocument.uri), p.position)));
  connection.onReferences(guard('references', [], (p) => references(session, lines, fileOf(p.textDocument.uri), p.position, p.context.includeDeclaration)));
  connection.onDocumentHighlight(guard('highlights', [], (p) => highlights(session, lines, fileOf(p.textDocument.uri), p.position)));
  connection.onPrepareRename(guard('prepare rename', null, (p) => prepare(session, lines, fileOf(p.textDocument.uri), p.position)));
  connection.onRenameRequest(guard('rename', null, (p) => rename(session, lines, fileOf(p.textDocument.uri), p.position, p.newName)));
  connection.onDocumentSymbol(guard('document symbols', [], (p) => documentSymbols(session, lines, fileOf(p.textDocument.uri))));
  connection.onWorkspaceSymbol(guard('workspace symbols', [], (p) => symbolsOfWorkspace(session, lines, p.query)));
  connection.languages.semanticTokens.on(guard('semantic tokens', { data: [] }, (p) => fullSemanticTokens(session, lines, fileOf(p.textDocument.uri))));
  connection.onFoldingRanges(guard('folding', [], (p) => foldingRanges(session, lines, fileOf(p.textDocument.uri))));
  connection.onSignatureHelp(guard('signature help', null, (p) => signatureHelp(session, lines, fileOf(p.textDocument.uri), p.position)));
  connection.languages.inlayHint.on(guard('inlay hints', [], (p) => hints(session, lines, fileOf(p.textDocument.uri), p.range)));
  connection.onCodeAction(guard('code actions', [], (p) => codeActions(session, lines, fileOf(p.textDocument.uri), p)));
  connection.onDocumentFormatting((p) =>
    guard('formatting', Promise.resolve(null), () => formatDocument(session, lines, fileOf(p.textDocument.uri), p.options, (m) => connection.console.log(m)))().catch((e: unknown) => {
      log('formatting', e);
      return null;
    }),
  );

  // Not LSP: the server's own CPU time and memory, for bench/lsp.mjs (CPU time per request is
  // what a benchmark on a shared machine can trust; wall time includes other processes).
  connection.onRequest(
    'idt/stats',
    guard('stats', null, () => {
      const cpu = process.cpuUsage();
      const mem = process.memoryUsage();
      return { cpuMs: (cpu.user + cpu.system) / 1000, rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal, external: mem.external, openFiles: session.docs.size };
    }),
  );

  documents.listen(connection);
  connection.listen();
  return { session };
}
