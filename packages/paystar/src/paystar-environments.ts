/** The Paystar environment a gateway talks to. */
export type PaystarEnvironment = 'development' | 'production'

/** Where one Paystar environment lives, as the API reference lists it. */
export interface PaystarEnvironmentUrls {
  /** The API base URL every `initiate*` path is appended to. */
  readonly apiBaseUrl: string
  /** The embedded SDK loader your front end includes to open a session link. */
  readonly loaderUrl: string
}

/** The documented base URLs of each Paystar environment. */
export const PAYSTAR_ENVIRONMENTS: Readonly<Record<PaystarEnvironment, PaystarEnvironmentUrls>> =
  Object.freeze({
    development: Object.freeze({
      apiBaseUrl: 'https://dev-gateway.paystar.io',
      loaderUrl: 'https://dev.paystar.io/app/embedded.loader.js',
    }),
    production: Object.freeze({
      apiBaseUrl: 'https://secure.paystar.io',
      loaderUrl: 'https://secure.paystar.io/app/embedded.loader.js',
    }),
  })
