/** `m:ss` (or `h:mm:ss`) for a duration in ms; negative durations show as 0:00. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

/** Local wall-clock time `hh:mm:ss`. */
export function formatClock(epochMs: number): string {
  return new Date(epochMs).toTimeString().slice(0, 8);
}
