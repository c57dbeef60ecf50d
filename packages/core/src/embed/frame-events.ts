import type { EmbedDom, EmbedFrameElement } from './embed-session-types.js';
import type { Timers } from '../timing/environment.js';

/** True for a `message` event whose data is `{ type: "zipteams:ready" }` from `origin`. */
export function isReadyMessage(event: { origin: string; data: unknown }, origin: string): boolean {
  return (
    event.origin === origin && (event.data as { type?: unknown } | null)?.type === 'zipteams:ready'
  );
}

/** What `listenToFrames` reads from its session and tells it. */
export interface FrameEventsTarget {
  /** The Zipteams pages' origin: ready messages come from it. */
  origin(): string | undefined;
  /** The id of the frame on screen, if any. */
  active(): number | undefined;
  /** The page in frame `id` posted its ready message. */
  announced(id: number): void;
  /** Focus is inside the frame on screen (true) or not. */
  focus(inside: boolean): void;
}

/**
 * Hears, for one session, the page's events about its frames and tells the session: a frame's
 * ready message (`zipteams:ready` posted from the Zipteams origin) and whether focus is inside
 * the frame on screen. Returns the function that stops listening.
 *
 * One focus rule: focus is inside when the frame on screen is its root's active element, read on
 * every focus event and once more a task later (a frame gets focus just after the blur).
 */
export function listenToFrames(
  dom: EmbedDom,
  timers: Timers,
  frames: ReadonlyMap<number, EmbedFrameElement>,
  session: FrameEventsTarget,
): () => void {
  let focusTimer: unknown;
  const readFocus = () => {
    const id = session.active();
    const frame = id === undefined ? undefined : frames.get(id);
    const root = frame?.getRootNode() as { activeElement?: unknown } | undefined;
    session.focus(frame !== undefined && root?.activeElement === frame);
  };
  const onMessage = (event: Event) => {
    const message = event as MessageEvent;
    const from = session.origin();
    if (!from || !isReadyMessage(message, from)) return;
    for (const [id, frame] of frames) {
      if (frame.contentWindow === message.source) session.announced(id);
    }
  };
  const onFocus = () => {
    readFocus();
    timers.clearTimeout(focusTimer);
    focusTimer = timers.setTimeout(readFocus, 0);
  };
  const offs = (
    [
      [dom.window, 'message', onMessage],
      [dom.window, 'focus', onFocus],
      [dom.window, 'blur', onFocus],
      [dom.document, 'focusin', onFocus],
      [dom.document, 'focusout', onFocus],
    ] as const
  ).map(([target, type, handler]) => {
    target.addEventListener(type, handler);
    return () => target.removeEventListener(type, handler);
  });
  return () => {
    for (const off of offs) off();
    timers.clearTimeout(focusTimer);
  };
}
