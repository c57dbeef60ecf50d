/**
 * The app's one Zipteams token service: its cache and single flight serve both the resource route
 * (the browser's refreshes) and the page's loader (`getToken`), so a token minted for a page is
 * the one the browser's first refresh finds cached. Created on first use, so `react-router build`
 * needs no credentials. `.server.ts`: React Router keeps it out of the browser bundle.
 */
import { createTokenService, type Tenant, type TokenService } from '@zipteams/server';
import { currentUser } from './session.server';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} in the environment (see .env.example).`);
  return value;
}

let service: TokenService | undefined;

function tokenService(): TokenService {
  service ??= createTokenService({
    apiKey: required('ZIPTEAMS_API_KEY'),
    apiSecret: required('ZIPTEAMS_API_SECRET'),
    baseUrl: process.env.ZIPTEAMS_API_URL, // unset = https://api.zipteams.com
    async resolveTenant(request) {
      const user = await currentUser(request);
      return user ? user.zipteams : null; // null -> 401, the embed shows its error UI
    },
  });
  return service;
}

export const zipteams = {
  handler: async (request: Request) => tokenService().handler(request),
  getToken: async (tenant: Tenant) => tokenService().getToken(tenant),
};
