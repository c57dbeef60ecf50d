/**
 * The app's one Zipteams token service: its cache and single flight serve both the route handler
 * (the browser's refreshes) and server rendering (`getToken`), so a token minted for a page is the
 * one the browser's first refresh finds cached. Created on first use, so `next build` needs no
 * credentials.
 */
import { createTokenService, type TokenService } from '@zipteams/server';
import { currentUser } from './session';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} in the environment or .env.local (see .env.example).`);
  return value;
}

let service: TokenService | undefined;

export function zipteams(): TokenService {
  service ??= createTokenService({
    apiKey: required('ZIPTEAMS_API_KEY'),
    apiSecret: required('ZIPTEAMS_API_SECRET'),
    baseUrl: process.env.ZIPTEAMS_API_URL, // unset = https://api.zipteams.com
    async resolveTenant() {
      const user = await currentUser();
      return user ? user.zipteams : null; // null -> 401, the embed shows its error UI
    },
  });
  return service;
}
