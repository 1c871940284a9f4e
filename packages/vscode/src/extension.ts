// The VS Code extension: starts the idt language server and adds commands to run the current
// twin (its plot) and to draw its conceptual map, both through the `idt` command line.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';
import { graphArgs, outputPath, pictureHtml, resolveIdt, runArgs, serverInvocation, type Invocation } from './commands.js';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('idt');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('idt.runTwin', () => showPicture('plot')),
    vscode.commands.registerCommand('idt.showMap', () => showPicture('map')),
    vscode.commands.registerCommand('idt.restartServer', async () => {
      await client?.stop();
      await startClient(context);
    }),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const configured = vscode.workspace.getConfiguration('idt').get<string>('server.path');
  const server = serverInvocation(configured, context.asAbsolutePath(path.join('dist', 'server.cjs')));
  const serverOptions: ServerOptions =
    'module' in server
      ? { run: { module: server.module, transport: TransportKind.stdio }, debug: { module: server.module, transport: TransportKind.stdio } }
      : { command: server.command, args: [...server.args] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'idt' }],
    outputChannel: output,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.idt,idt.json}') },
  };
  client = new LanguageClient('idt', 'idt language server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`idt: the language server did not start: ${(e as Error).message}`);
  }
}

function run(inv: Invocation, cwd: string): Promise<{ ok: boolean; text: string }> {
  return new Promise((resolve) => {
    execFile(inv.command, [...inv.args], { cwd, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ ok: !error, text: `${stdout}${stderr}${error && !stderr ? String(error.message) : ''}` });
    });
  });
}

/** Runs `idt run --plot` or `idt graph` on the active .idt file and shows the SVG in a panel. */
async function showPicture(kind: 'plot' | 'map'): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'idt' || editor.document.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('idt: open a saved .idt model first.');
    return;
  }
  if (editor.document.isDirty) await editor.document.save();
  const file = editor.document.uri.fsPath;
  const idt = resolveIdt(file, vscode.workspace.getConfiguration('idt').get<string>('cli.path'));
  const svg = outputPath(file, kind);
  const inv = kind === 'plot' ? runArgs(idt, file, svg) : graphArgs(idt, file, svg);
  output.appendLine(`$ ${[inv.command, ...inv.args].join(' ')}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: kind === 'plot' ? 'idt: simulating…' : 'idt: drawing the map…' },
    () => run(inv, path.dirname(file)),
  );
  output.append(result.text);
  if (!result.ok) {
    output.show(true);
    void vscode.window.showErrorMessage(`idt ${kind === 'plot' ? 'run' : 'graph'} failed: see the idt output.`);
    return;
  }
  const title = `${path.basename(file)}: ${kind === 'plot' ? 'time courses' : 'conceptual map'}`;
  const panel = vscode.window.createWebviewPanel('idt.picture', title, vscode.ViewColumn.Beside, {
    localResourceRoots: [vscode.Uri.file(path.dirname(svg))],
  });
  panel.webview.html = pictureHtml(title, panel.webview.asWebviewUri(vscode.Uri.file(svg)).toString(), panel.webview.cspSource);
}
