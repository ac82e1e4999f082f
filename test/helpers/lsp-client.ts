/**
 * A minimal Language Server Protocol client over stdio (JSON-RPC 2.0 with Content-Length
 * framing, LSP §"Base Protocol"): enough to open documents, read the diagnostics a server
 * publishes and ask for hovers — the way an editor drives yaml-language-server.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

type Json = any;

export interface Diagnostic {
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
  readonly message: string;
  readonly severity?: number;
}

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (message: Json) => void>();
  private readonly diagnostics = new Map<string, { version: number | undefined; items: Diagnostic[] }>();
  private readonly diagnosticWaiters: Array<() => void> = [];
  stderr = "";

  constructor(command: string, args: readonly string[], private readonly settings: Json) {
    this.child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on("data", (chunk: Buffer) => {
      if (this.stderr.length < 65_536) this.stderr += chunk.toString("utf8");
    });
  }

  async initialize(rootUri: string): Promise<Json> {
    const result = await this.request("initialize", {
      processId: process.pid,
      rootUri,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
        textDocument: {
          hover: { contentFormat: ["markdown", "plaintext"] },
          publishDiagnostics: { relatedInformation: false },
          synchronization: { didSave: false },
        },
      },
    });
    this.notify("initialized", {});
    this.notify("workspace/didChangeConfiguration", { settings: this.settings });
    return result;
  }

  open(uri: string, text: string): void {
    this.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
  }

  /** The diagnostics the server publishes for `uri` (waits for the first publication). */
  async diagnosticsOf(uri: string): Promise<Diagnostic[]> {
    while (!this.diagnostics.has(uri)) {
      await new Promise<void>((resolve, reject) => {
        this.diagnosticWaiters.push(resolve);
        this.child.once("exit", () => reject(new Error(`language server exited:\n${this.stderr}`)));
      });
    }
    return this.diagnostics.get(uri)!.items;
  }

  async hover(uri: string, line: number, character: number): Promise<string> {
    const result = await this.request("textDocument/hover", { textDocument: { uri }, position: { line, character } });
    const contents = result?.contents;
    if (contents === undefined || contents === null) return "";
    if (typeof contents === "string") return contents;
    if (Array.isArray(contents)) return contents.map((c: Json) => (typeof c === "string" ? c : c.value)).join("\n");
    return String(contents.value ?? "");
  }

  async close(): Promise<void> {
    try {
      await this.request("shutdown", null);
      this.notify("exit", null);
    } finally {
      this.child.kill();
    }
  }

  private request(method: string, params: Json): Promise<Json> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (message) => (message.error ? reject(new Error(`${method}: ${message.error.message}`)) : resolve(message.result)));
      this.send({ jsonrpc: "2.0", id, method, params });
    });
  }

  private notify(method: string, params: Json): void {
    this.send({ jsonrpc: "2.0", method, params });
  }

  private send(message: Json): void {
    const body = Buffer.from(JSON.stringify(message), "utf8");
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "ascii"), body]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString("ascii"))?.[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const message = JSON.parse(this.buffer.subarray(start, start + length).toString("utf8")) as Json;
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: Json): void {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
      return;
    }
    if (message.method === "workspace/configuration") {
      // One answer per requested section, from the settings given at start.
      const items: Json[] = message.params?.items ?? [];
      this.send({ jsonrpc: "2.0", id: message.id, result: items.map((item) => (item.section ? this.settings[item.section] ?? null : this.settings)) });
      return;
    }
    if (message.id !== undefined) {
      // Any other server request (registrations, work-done progress): accept it.
      this.send({ jsonrpc: "2.0", id: message.id, result: null });
      return;
    }
    if (message.method === "textDocument/publishDiagnostics") {
      this.diagnostics.set(message.params.uri, { version: message.params.version, items: message.params.diagnostics });
      for (const wake of this.diagnosticWaiters.splice(0)) wake();
    }
  }
}
