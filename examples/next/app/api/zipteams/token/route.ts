import { zipteamsTokenHandler } from '@/lib/zipteams';

// GET /api/zipteams/token: the embed's token refreshes (the first token comes with the page).
export function GET(request: Request): Promise<Response> {
  return zipteamsTokenHandler()(request);
}
