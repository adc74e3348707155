/** Per-API settings of an HTTP backend (validated and defaulted by the config layer). */
export interface HttpBackendSpec {
  readonly timeoutMs: number;
  readonly retries: number;
  readonly preserveHost: boolean;
}
