// lstmlint for VS Code: starts `lstmlint server` (LSP over stdio) from the selected Python
// environment and lets vscode-languageclient wire diagnostics, hover, inlay hints, code
// actions, CodeLens and notebook sync. The only client-side feature is the model summary:
// the CodeLens command asks the server for the static `model.summary()` table and opens it.

import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

const SERVER_SUMMARY = "lstmlint.showSummary"; // executed by the server
const CLIENT_SUMMARY = "lstmlint.showModelSummary"; // opens the table in an editor

let client: LanguageClient | undefined;
let output: vscode.OutputChannel | undefined;

interface PythonEnvironmentApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(env: { path: string } | string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
  };
}

async function pythonInterpreter(): Promise<string> {
  const configured = vscode.workspace.getConfiguration("lstmlint").get<string>("interpreter", "");
  if (configured) {
    return configured;
  }
  const python = vscode.extensions.getExtension<PythonEnvironmentApi>("ms-python.python");
  if (python) {
    try {
      const api = python.isActive ? python.exports : await python.activate();
      const envs = api?.environments;
      if (envs) {
        const active = envs.getActiveEnvironmentPath(vscode.workspace.workspaceFolders?.[0]?.uri);
        const resolved = await envs.resolveEnvironment(active);
        const exe = resolved?.executable.uri?.fsPath;
        if (exe) {
          return exe;
        }
      }
    } catch (err) {
      output?.appendLine(`lstmlint: could not ask the Python extension for the interpreter: ${String(err)}`);
    }
  }
  return process.platform === "win32" ? "python" : "python3";
}

async function serverOptions(): Promise<ServerOptions> {
  const path = vscode.workspace.getConfiguration("lstmlint").get<string[]>("path", []);
  if (path.length > 0) {
    return { command: path[0], args: path.slice(1), transport: TransportKind.stdio };
  }
  const python = await pythonInterpreter();
  output?.appendLine(`lstmlint: starting ${python} -m lstmlint server`);
  return { command: python, args: ["-m", "lstmlint", "server"], transport: TransportKind.stdio };
}

function settings(): { lstmlint: { inlayHints: boolean; debounceMs: number } } {
  const cfg = vscode.workspace.getConfiguration("lstmlint");
  return {
    lstmlint: {
      inlayHints: cfg.get<boolean>("inlayHints", true),
      debounceMs: cfg.get<number>("debounceMs", 300),
    },
  };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
      { notebook: "*", language: "python" },
    ],
    outputChannel: output,
    initializationOptions: settings(),
    synchronize: { configurationSection: "lstmlint" },
    middleware: {
      // the lens runs the client command, which shows the server's table in an editor
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        for (const lens of lenses ?? []) {
          if (lens.command?.command === SERVER_SUMMARY) {
            lens.command = { ...lens.command, command: CLIENT_SUMMARY };
          }
        }
        return lenses;
      },
    },
  };
  client = new LanguageClient("lstmlint", "lstmlint", await serverOptions(), clientOptions);
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("lstmlint");
  context.subscriptions.push(output);

  context.subscriptions.push(
    vscode.commands.registerCommand(CLIENT_SUMMARY, async (uri?: string, index?: number) => {
      if (!client) {
        return;
      }
      const target = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      if (!target) {
        return;
      }
      const table = await client.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_SUMMARY,
        arguments: [target, index ?? 0],
      });
      const doc = await vscode.workspace.openTextDocument({ content: String(table ?? ""), language: "plaintext" });
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }),
    vscode.commands.registerCommand("lstmlint.restart", async () => {
      await client?.stop();
      client = undefined;
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("lstmlint.path") || event.affectsConfiguration("lstmlint.interpreter")) {
        await vscode.commands.executeCommand("lstmlint.restart");
      }
    }),
  );

  try {
    await start(context);
  } catch (err) {
    void vscode.window.showErrorMessage(
      `lstmlint: the language server did not start (${String(err)}). ` +
        "Install it in the selected Python environment: pip install 'lstmlint[lsp]'.",
    );
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
