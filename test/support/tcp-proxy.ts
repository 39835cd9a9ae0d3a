/**
 * A TCP proxy between the API and Postgres or Redis, for tests of a dependency that goes silent or away under a
 * running API (health-ready, api-robustness): the API is started with its URL pointed at the proxy ({@link via}).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy we control: `pause()` holds everything in both directions (the peer looks alive and silent: no data,
 * no close), `resume()` delivers what was held in order, `close()` drops every connection and stops listening
 * (connections are then refused).
 */
export async function tcpProxy(target: { host: string; port: number }): Promise<{ port: number; pause(): void; resume(): void; close(): Promise<void> }> {
  let paused = false;
  let held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const act = (f: () => void) => (paused ? held.push(f) : f());
  const link = (from: Socket, to: Socket) => {
    sockets.add(from);
    from.on('error', () => undefined);
    from.on('data', (chunk: Buffer) => act(() => to.write(chunk)));
    from.on('close', () => {
      sockets.delete(from);
      act(() => to.destroy());
    });
  };
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    link(client, upstream);
    link(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    pause: () => (paused = true),
    resume: () => {
      paused = false;
      const todo = held;
      held = [];
      for (const f of todo) f();
    },
    close: async () => {
      held = [];
      paused = false;
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The URL with its host and port replaced. */
export function via(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}
