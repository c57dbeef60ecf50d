import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// This app lives in the kit's monorepo and uses its packages through npm workspaces; the root is
// where node_modules and the lockfile are. In your own app, leave this out.
const root = fileURLToPath(new URL('../..', import.meta.url));

const nextConfig: NextConfig = {
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default nextConfig;
