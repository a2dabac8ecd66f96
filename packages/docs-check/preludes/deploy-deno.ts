// The Deno globals docs/deploy/deno.md uses, declared here instead of Deno's own lib.
// packages/runtime-proof type-checks its Deno entry against these same lines (a `var` in
// `declare global`, so that every block and file declaring it merges into one).
declare global {
  var Deno: {
    readonly env: { get(name: string): string | undefined }
    serve(options: { port?: number }, handler: (request: Request) => Response | Promise<Response>): unknown
  }
}

export {}
