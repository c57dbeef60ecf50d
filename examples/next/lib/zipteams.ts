/**
 * The one Zipteams token handler of this app. It holds the token cache and shares one upstream
 * request between concurrent callers, so it is created once per server process; lazily, so that
 * `next build` needs no credentials.
 */
import { createTokenHandler, type TokenHandler } from '@zipteams/server';
import { currentUser } from './session';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} in the environment or .env.local (see .env.example).`);
  return value;
}

let handler: TokenHandler | undefined;

export function zipteamsTokenHandler(): TokenHandler {
  handler ??= createTokenHandler({
    apiKey: required('ZIPTEAMS_API_KEY'),
    apiSecret: required('ZIPTEAMS_API_SECRET'),
    baseUrl: process.env.ZIPTEAMS_API_URL, // unset = https://api.zipteams.com
    async resolveTenant() {
      const user = await currentUser();
      return user ? user.zipteams : null; // null -> 401, the embed shows its error UI
    },
  });
  return handler;
}
