import { zipteams } from '@/lib/zipteams';

// GET /api/zipteams/token: the embed's refreshes (its first token comes with the page).
export const GET = zipteams.handler;
