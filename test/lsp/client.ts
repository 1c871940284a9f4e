// A language client for the end-to-end tests: spawns the built server (`idt-lsp --stdio`) and
// talks JSON-RPC to it over real pipes, recording every diagnostics notification.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type {
  Diagnostic, InitializeResult, ProtocolConnection, PublishDiagnosticsParams, TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

// The Node entry of the protocol package is CommonJS ('node.js' in 3.17, an export map in 3.18):
// `require` finds it either way.
const protocol = createRequire(import.meta.url)('vscode-languageserver-protocol/node') as typeof import('vscode-languageserver-protocol/node');
const {
  createProtocolConnection, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification,
  ExitNotification, InitializedNotification, InitializeRequest, LogMessageNotification, PublishDiagnosticsNotification, ShutdownRequest,
  StreamMessageReader, StreamMessageWriter,
} = protocol;

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverBin = path.join(repoRoot, 'packages', 'lsp', 'bin', 'idt-lsp.js');

export const uriOf = (file: string) => pathToFileURL(file).href;

interface Waiter {
  readonly uri: string;
  readonly test: (p: PublishDiagnosticsParams) => boolean;
  readonly resolve: (p: PublishDiagnosticsParams) => void;
}

export class TestClient {
  readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  /** Latest diagnostics per URI, and every notification in order. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  private waiters: Waiter[] = [];
  /** Called on every diagnostics notification, as it arrives. */
  readonly listeners: ((p: PublishDiagnosticsParams) => void)[] = [];
  private versions = new Map<string, number>();
  exited: number | null = null;
  stderr = '';

  constructor(args: string[] = ['--stdio']) {
    this.process = spawn(process.execPath, [serverBin, ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d) => (this.stderr += String(d)));
    this.process.on('exit', (code) => (this.exited = code ?? -1));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.published.push(p);
      for (const l of this.listeners) l(p);
      const ready = this.waiters.filter((w) => w.uri === p.uri && w.test(p));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    this.connection.onNotification(LogMessageNotification.type, (p) => this.logs.push(p.message));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/configuration', () => []);
    this.connection.listen();
  }

  async initialize(root: string, capabilities: Record<string, unknown> = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
      capabilities,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Resolves with the first diagnostics for `uri` published from now on that pass `test`. */
  nextDiagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, test, resolve }));
  }

  async open(file: string, text: string): Promise<void> {
    this.versions.set(uriOf(file), 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(file), languageId: 'idt', version: 1, text } });
  }

  /** Send changes; returns the new version. */
  async change(file: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const uri = uriOf(file);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(file: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uriOf(file) } });
  }

  /** Diagnostics for the given version of a document (waits for them). */
  async diagnosticsAt(file: string, version: number): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    const latest = this.diagnostics.get(uri);
    if (latest && latest.version === version) return latest.diagnostics;
    return (await this.nextDiagnostics(uri, (p) => p.version === version)).diagnostics;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async shutdown(): Promise<void> {
    if (this.exited === null) {
      try {
        await this.connection.sendRequest(ShutdownRequest.type);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      await new Promise<void>((resolve) => {
        if (this.exited !== null) return resolve();
        const timer = setTimeout(() => {
          this.process.kill();
          resolve();
        }, 3000);
        this.process.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.connection.dispose();
  }
}

/** `text` with the cursor markers `<|>` removed, and the positions they marked. */
export function cursors(marked: string): { text: string; at: { line: number; character: number }[] } {
  const at: { line: number; character: number }[] = [];
  let text = '';
  const parts = marked.split('<|>');
  parts.forEach((p, i) => {
    text += p;
    if (i < parts.length - 1) {
      const lines = text.split('\n');
      at.push({ line: lines.length - 1, character: lines[lines.length - 1]!.length });
    }
  });
  return { text, at };
}
