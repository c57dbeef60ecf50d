/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The mock's URL in development and tests; unset in production (https://app.zipteams.com). */
  readonly VITE_ZIPTEAMS_APP_URL?: string;
}
