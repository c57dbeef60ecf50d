import { zipteams } from '@/lib/zipteams';

// GET /api/zipteams/token: the embed's refreshes (its first token comes with the page).
export function GET(request: Request): Promise<Response> {
  return zipteams().handler(request);
}
