import { isReadyMessage, type EmbedController } from './embed-controller.js';
import type { EmbedDom, EmbedFrameElement } from './embed-session-types.js';
import type { Timers } from '../timing/environment.js';

/**
 * Hears, for one session, the page's events about its frames and tells its controller: a frame's
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
  controller: () => EmbedController,
  origin: () => string | undefined,
): () => void {
  let focusTimer: unknown;
  const readFocus = () => {
    const id = controller().getSnapshot().active?.id;
    const frame = id === undefined ? undefined : frames.get(id);
    const root = frame?.getRootNode() as { activeElement?: unknown } | undefined;
    controller().focus(frame !== undefined && root?.activeElement === frame);
  };
  const onMessage = (event: Event) => {
    const message = event as MessageEvent;
    const from = origin();
    if (!from || !isReadyMessage(message, from)) return;
    for (const [id, frame] of frames) {
      if (frame.contentWindow === message.source) controller().frameAnnounced(id);
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
