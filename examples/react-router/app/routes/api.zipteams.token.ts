import { zipteams } from '../lib/zipteams.server';
import type { Route } from './+types/api.zipteams.token';

// GET /api/zipteams/token, a resource route: the embed's refreshes (its first token comes with
// the page). The handler's Response (JSON, Cache-Control: no-store) goes out as it is.
export const loader = ({ request }: Route.LoaderArgs) => zipteams.handler(request);
