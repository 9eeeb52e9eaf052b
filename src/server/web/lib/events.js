// One EventSource for the whole app; pages subscribe to event names and unsubscribe when they
// leave. The browser reconnects on its own (the server sends `retry:`).

const handlers = new Map();
let source = null;

export function connectEvents(indicator) {
  if (source) return;
  source = new EventSource('/api/v1/events');
  source.onopen = () => indicator?.classList.add('on');
  source.onerror = () => indicator?.classList.remove('on');
  for (const name of ['hello', 'run', 'scan-started', 'scan-finished', 'backlog', 'queues']) {
    source.addEventListener(name, (event) => {
      const data = JSON.parse(event.data);
      for (const fn of handlers.get(name) ?? []) fn(data);
    });
  }
}

export function disconnectEvents() {
  source?.close();
  source = null;
}

/** Returns the unsubscribe function. */
export function on(name, fn) {
  if (!handlers.has(name)) handlers.set(name, new Set());
  handlers.get(name).add(fn);
  return () => handlers.get(name)?.delete(fn);
}
