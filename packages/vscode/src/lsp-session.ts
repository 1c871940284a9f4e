// Talks to the bundled language server as an editor would (LSP over stdio): initialize, open one
// document, read the diagnostics it publishes, shut down. Used by the package test and by the
// README screenshot script.
import { spawn } from 'node:child_process';

export interface SessionDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  message: string;
}

export interface SessionResult {
  capabilities: Record<string, unknown>;
  diagnostics: SessionDiagnostic[];
}

export function lspSession(server: string, text: string, uri = 'file:///model/x.idt', timeoutMs = 20_000): Promise<SessionResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      p.kill();
      reject(new Error(`the bundled server did not publish diagnostics within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    let buf = Buffer.alloc(0);
    let capabilities: Record<string, unknown> = {};
    const send = (m: object) => {
      const s = JSON.stringify({ jsonrpc: '2.0', ...m });
      p.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`);
    };
    p.stdout.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const h = buf.indexOf('\r\n\r\n');
        if (h < 0) return;
        const len = Number(/Content-Length: (\d+)/.exec(buf.subarray(0, h).toString())![1]);
        if (buf.length < h + 4 + len) return;
        const msg = JSON.parse(buf.subarray(h + 4, h + 4 + len).toString());
        buf = buf.subarray(h + 4 + len);
        if (msg.id === 1) capabilities = msg.result.capabilities;
        if (msg.method === 'textDocument/publishDiagnostics') {
          send({ id: 2, method: 'shutdown' });
          send({ method: 'exit' });
          clearTimeout(timer);
          resolve({ capabilities, diagnostics: msg.params.diagnostics });
        }
      }
    });
    send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
    send({ method: 'initialized', params: {} });
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'idt', version: 1, text } } });
  });
}
