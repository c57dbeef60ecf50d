import type { Config } from '@react-router/dev/config';

export default {
  // Server rendering: the loader mints the first token, so the HTML holds the dashboard's frame.
  ssr: true,
} satisfies Config;
