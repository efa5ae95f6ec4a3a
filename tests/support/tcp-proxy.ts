import net from "node:net";

/**
 * A TCP proxy to stand between the server and PostgreSQL. `pause()` is a silent network outage:
 * connections stay open and new ones are accepted, but no byte passes either way (nothing is
 * refused, so only timeouts can notice). `resume()` lets everything through again.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let paused = false;
  const sockets = new Set<net.Socket>();
  const waiting: (() => void)[] = [];

  const server = net.createServer((client) => {
    sockets.add(client);
    client.pause();
    const connect = () => {
      const upstream = net.connect(target.port, target.host);
      sockets.add(upstream);
      const pair = [client, upstream] as const;
      const destroyBoth = () => {
        for (const socket of pair) socket.destroy();
      };
      for (const socket of pair) {
        socket.on("error", destroyBoth);
        socket.on("close", () => {
          sockets.delete(socket);
          destroyBoth();
        });
      }
      client.on("data", (chunk) => upstream.write(chunk));
      upstream.on("data", (chunk) => client.write(chunk));
      if (!paused) client.resume();
      else upstream.pause();
    };
    if (paused) waiting.push(connect);
    else connect();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    port,
    pause() {
      paused = true;
      for (const socket of sockets) socket.pause();
    },
    resume() {
      paused = false;
      for (const socket of sockets) socket.resume();
      for (const connect of waiting.splice(0)) connect();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
