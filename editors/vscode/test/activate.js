// Runs the compiled extension (out/extension.js) outside VS Code: `vscode` and the
// LanguageClient class are stand-ins, everything else is real. The stand-in client starts the
// exact command the extension chose (the interpreter the "Python extension" reports, with
// `-m lstmlint server`), speaks LSP to it with vscode-jsonrpc, and checks that the server
// answers: capabilities, the diagnostic of a seed bug, the CodeLens the extension rewrites to its
// own command, and that command's model summary table.
//
//   npm run compile && LSTMLINT_PYTHON=/path/to/venv/bin/python npm test
"use strict";

const assert = require("node:assert/strict");
const cp = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const Module = require("node:module");
const rpc = require("vscode-jsonrpc/node");
const protocol = require("vscode-languageserver-protocol/node");

const python = process.env.LSTMLINT_PYTHON || "python3";
// the seed bug: an LSTM without return_sequences joined with its 3-D input (LST112 on line 9)
const SEED = [
  "import tensorflow as tf",
  "",
  "units = 32",
  "n_steps, n_features = 20, 6",
  "",
  "",
  "inputs = tf.keras.Input(shape=(n_steps, n_features))",
  "lstm1 = tf.keras.layers.LSTM(units)(inputs)",
  "concat = tf.keras.layers.Concatenate()([inputs, lstm1])",
  "lstm2 = tf.keras.layers.LSTM(units)(concat)",
  "model = tf.keras.Model(inputs, lstm2)",
  "",
].join("\n");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lstmlint-vscode-"));
const file = path.join(work, "model.py");
fs.writeFileSync(file, SEED);
const uri = "file://" + file;

// ------------------------------------------------------------------ what the extension sees
const commands = new Map();
const config = { inlayHints: false, debounceMs: 120, interpreter: "", path: [] };
let started; // what the extension passed to `new LanguageClient(...)`

class Uri {
  constructor(fsPath) {
    this.fsPath = fsPath;
  }
  toString() {
    return "file://" + this.fsPath;
  }
}

const vscode = {
  workspace: {
    workspaceFolders: [{ uri: new Uri(work) }],
    getConfiguration: () => ({ get: (key, fallback) => (key in config ? config[key] : fallback) }),
    onDidChangeConfiguration: () => ({ dispose() {} }),
    openTextDocument: async (options) => ({ content: options.content }),
  },
  window: {
    createOutputChannel: () => ({ appendLine() {}, dispose() {} }),
    showErrorMessage: async (message) => assert.fail(`the extension reported: ${message}`),
    showTextDocument: async (doc) => {
      shown.push(doc.content);
    },
    activeTextEditor: undefined,
  },
  commands: {
    registerCommand: (id, fn) => {
      commands.set(id, fn);
      return { dispose() {} };
    },
    executeCommand: async (id, ...args) => commands.get(id)(...args),
  },
  extensions: {
    // the Python extension's environments API, reporting `python` as the selected interpreter
    getExtension: (id) =>
      id === "ms-python.python"
        ? {
            isActive: true,
            exports: {
              environments: {
                getActiveEnvironmentPath: () => ({ path: python }),
                resolveEnvironment: async (env) => ({ executable: { uri: new Uri(env.path) } }),
              },
            },
          }
        : undefined,
  },
  ViewColumn: { Beside: -2 },
};
const shown = [];

class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    started = { id, name, serverOptions, clientOptions };
    LanguageClient.last = this;
  }
  async start() {
    const { command, args } = started.serverOptions;
    this.process = cp.spawn(command, args, { cwd: work, stdio: ["pipe", "pipe", "inherit"] });
    this.connection = rpc.createMessageConnection(
      new rpc.StreamMessageReader(this.process.stdout),
      new rpc.StreamMessageWriter(this.process.stdin),
    );
    this.diagnostics = new Promise((resolve) => {
      this.connection.onNotification(protocol.PublishDiagnosticsNotification.type, (params) => {
        if (params.uri === uri && params.diagnostics.length > 0) {
          resolve(params.diagnostics);
        }
      });
    });
    this.connection.onRequest(protocol.ConfigurationRequest.type, () => [null]);
    this.connection.listen();
    this.init = await this.connection.sendRequest(protocol.InitializeRequest.type, {
      processId: process.pid,
      rootUri: "file://" + work,
      // what vscode-languageclient announces for the features the server is asked about
      capabilities: {
        notebookDocument: { synchronization: { dynamicRegistration: true, executionSummarySupport: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } },
      },
      initializationOptions: started.clientOptions.initializationOptions,
    });
    await this.connection.sendNotification(protocol.InitializedNotification.type, {});
  }
  sendRequest(type, params) {
    return this.connection.sendRequest(type, params);
  }
  async stop() {
    if (this.connection) {
      await this.connection.sendRequest(protocol.ShutdownRequest.type);
      await this.connection.sendNotification(protocol.ExitNotification.type);
      this.connection.dispose();
      this.connection = undefined;
    }
  }
}

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === "vscode") {
    return vscode;
  }
  if (request === "vscode-languageclient/node") {
    return { LanguageClient, TransportKind: { stdio: 0 }, ExecuteCommandRequest: protocol.ExecuteCommandRequest };
  }
  return load.call(this, request, parent, isMain);
};

// ------------------------------------------------------------------ the run
async function main() {
  const extension = require("../out/extension.js");
  const context = { subscriptions: [] };
  await extension.activate(context);

  // the server is `<selected python> -m lstmlint server`, with the settings as initialization options
  assert.equal(started.serverOptions.command, python);
  assert.deepEqual(started.serverOptions.args, ["-m", "lstmlint", "server"]);
  assert.deepEqual(started.clientOptions.initializationOptions, { lstmlint: { inlayHints: false, debounceMs: 120 } });
  assert.ok(started.clientOptions.documentSelector.some((s) => s.notebook === "*" && s.language === "python"));
  assert.ok(commands.has("lstmlint.restart") && commands.has("lstmlint.showModelSummary"));

  const lc = LanguageClient.last;
  const caps = lc.init.capabilities;
  assert.equal(lc.init.serverInfo.name, "lstmlint");
  assert.ok(caps.hoverProvider && caps.inlayHintProvider && caps.codeLensProvider && caps.codeActionProvider);
  assert.ok(caps.notebookDocumentSync, "no notebook document sync");
  assert.deepEqual(caps.executeCommandProvider.commands, ["lstmlint.showSummary"]);

  const text = fs.readFileSync(file, "utf8");
  await lc.connection.sendNotification(protocol.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "python", version: 1, text },
  });
  const diagnostics = await lc.diagnostics;
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start.line]),
    [["LST112", 8]],
  );

  // inlay hints are off: the setting reached the server
  const hints = await lc.sendRequest(protocol.InlayHintRequest.type, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
  });
  assert.deepEqual(hints, []);

  // the lens, through the extension's middleware, runs the extension's own command ...
  const lenses = await lc.sendRequest(protocol.CodeLensRequest.type, { textDocument: { uri } });
  assert.equal(lenses.length, 1);
  const rewritten = await started.clientOptions.middleware.provideCodeLenses(
    { uri },
    undefined,
    async () => lenses.map((l) => ({ ...l })),
  );
  assert.equal(rewritten[0].command.command, "lstmlint.showModelSummary");
  assert.match(rewritten[0].command.title, /\(None, 20, 6\) → .* · 3 layers/);
  // ... which shows the server's static model.summary() table
  await vscode.commands.executeCommand(rewritten[0].command.command, ...rewritten[0].command.arguments);
  assert.equal(shown.length, 1);
  assert.match(shown[0], /lstm \(LSTM\)/);
  assert.match(shown[0], /4,992/);

  await extension.deactivate();
  console.log(`ok: ${python} -m lstmlint server started by the extension; diagnostics, lens and summary checked`);
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => {
    const lc = LanguageClient.last;
    if (lc && lc.process && lc.process.exitCode === null) {
      setTimeout(() => lc.process.kill(), 2000).unref();
    }
    fs.rmSync(work, { recursive: true, force: true });
  });
