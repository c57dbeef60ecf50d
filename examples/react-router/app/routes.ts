import { type RouteConfig, index, route } from '@react-router/dev/routes';

export default [
  index('routes/home.tsx'),
  route('api/zipteams/token', 'routes/api.zipteams.token.ts'),
] satisfies RouteConfig;
