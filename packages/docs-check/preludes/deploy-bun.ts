// The Bun globals docs/deploy/bun.md uses, declared here instead of installing bun-types.
// packages/runtime-proof type-checks its Bun entry against these same lines (a `var` in
// `declare global`, so that every block and file declaring it merges into one).
declare global {
  var Bun: {
    readonly env: Record<string, string | undefined>
    serve(options: {
      port?: number
      idleTimeout?: number
      fetch(request: Request): Response | Promise<Response>
    }): { readonly url: URL }
  }
}

export {}
