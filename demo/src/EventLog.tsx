import { useCallback, useState } from 'react';
import { formatClock } from './format.ts';

export type EventKind = 'info' | 'ok' | 'warn' | 'error';

export interface DemoEvent {
  readonly id: number;
  readonly at: number;
  readonly kind: EventKind;
  readonly text: string;
}

const MAX_EVENTS = 40;
let nextId = 1;

/** A short, newest-first log of what the embed and the token did. */
export function useEventLog() {
  const [events, setEvents] = useState<DemoEvent[]>([]);
  const push = useCallback((kind: EventKind, text: string) => {
    setEvents((current) => {
      // React StrictMode runs mount effects twice in development: keep one line.
      if (current[0]?.text === text && Date.now() - current[0].at < 100) return current;
      return [{ id: nextId++, at: Date.now(), kind, text }, ...current].slice(0, MAX_EVENTS);
    });
  }, []);
  return { events, push };
}

export function EventLog({ events }: { events: readonly DemoEvent[] }) {
  return (
    <section className="card" aria-labelledby="events-heading">
      <h2 id="events-heading">Events</h2>
      {events.length === 0 ? (
        <p className="muted">Nothing yet.</p>
      ) : (
        // Focusable: the list scrolls once it is long, and keyboard users must reach the rest.
        <ol
          className="events"
          data-testid="event-log"
          tabIndex={0}
          aria-labelledby="events-heading"
        >
          {events.map((event) => (
            <li key={event.id} className={`event event-${event.kind}`}>
              <time dateTime={new Date(event.at).toISOString()}>{formatClock(event.at)}</time>
              <span>{event.text}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
