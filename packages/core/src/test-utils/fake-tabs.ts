import type { TabChannel, TabEnvironment, TabLocks } from '../tabs/tab-environment.js';

/** A stand-in for SHA-256 (djb2, hex): the key's text does not survive it. */
export function fakeHash(key: string): string {
  let hash = 5381;
  for (const char of key) hash = (hash * 33 + char.charCodeAt(0)) >>> 0;
  return hash.toString(16);
}

/**
 * In-memory stand-ins for what several tabs of one origin share: Web Locks (FIFO per name,
 * released when the holder's callback settles or its tab closes) and BroadcastChannel (delivered
 * asynchronously to every other channel of the same name). There is no storage: nothing persists.
 */
export function createFakeBrowser() {
  const queues = new Map<string, Array<{ grant: () => void; tab: number }>>();
  const held = new Map<string, number>();
  const channels = new Set<{ name: string; tab: number; deliver: (data: unknown) => void }>();
  const closedTabs = new Set<number>();
  let nextTab = 1;
  const messages: unknown[] = [];

  const release = (name: string) => {
    held.delete(name);
    const next = queues.get(name)?.shift();
    next?.grant();
  };

  function tab(): TabEnvironment & { close(): void; id: number } {
    const id = nextTab++;
    const releaseOnClose = new Map<string, () => void>();
    const locks: TabLocks = {
      request(name, options, callback) {
        return new Promise((resolve, reject) => {
          if (options.signal.aborted) return reject(new DOMException('aborted', 'AbortError'));
          const entry = {
            tab: id,
            grant: () => {
              options.signal.removeEventListener('abort', onAbort);
              held.set(name, id);
              let released = false;
              const done = () => {
                if (released) return;
                released = true;
                releaseOnClose.delete(name);
                release(name);
              };
              releaseOnClose.set(name, done);
              callback().then(
                (value) => (done(), resolve(value)),
                (error: unknown) => (done(), reject(error)),
              );
            },
          };
          const onAbort = () => {
            const queue = queues.get(name) ?? [];
            queue.splice(queue.indexOf(entry), 1);
            reject(new DOMException('aborted', 'AbortError'));
          };
          options.signal.addEventListener('abort', onAbort, { once: true });
          if (!held.has(name)) entry.grant();
          else queues.set(name, [...(queues.get(name) ?? []), entry]);
        });
      },
    };
    const openChannel = (name: string): TabChannel => {
      const listeners = new Set<(event: { data: unknown }) => void>();
      const self = {
        name,
        tab: id,
        deliver: (data: unknown) => listeners.forEach((listener) => listener({ data })),
      };
      channels.add(self);
      return {
        postMessage(message) {
          messages.push(message);
          const copy = structuredClone(message);
          for (const other of channels) {
            if (other !== self && other.name === name && !closedTabs.has(other.tab)) {
              queueMicrotask(() => other.deliver(copy));
            }
          }
        },
        addEventListener: (_type, listener) => listeners.add(listener),
        removeEventListener: (_type, listener) => listeners.delete(listener),
        close: () => channels.delete(self),
      };
    };
    return {
      id,
      locks,
      openChannel,
      hashKey: async (key) => fakeHash(key),
      /** Closes the tab: its locks are released, its channels hear nothing more. */
      close() {
        closedTabs.add(id);
        for (const done of [...releaseOnClose.values()]) done();
      },
    };
  }

  return {
    tab,
    messages,
    /** Open channels, all tabs. */
    openChannels: () => channels.size,
    holder: (name: string) => held.get(name),
  };
}
