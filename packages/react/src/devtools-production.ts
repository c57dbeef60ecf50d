'use client';
/**
 * The Zipteams devtools panel in every build, production included (for a staging build, say).
 * Most apps want `@zipteams/react/devtools`, which renders nothing in production builds.
 */
export { ZipteamsDevtoolsPanel as ZipteamsDevtools } from './devtools/zipteams-devtools.js';
export type { ZipteamsDevtoolsProps } from './devtools/zipteams-devtools.js';
