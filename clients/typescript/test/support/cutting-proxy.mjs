// A loopback TCP proxy that cuts the connection of an event stream (`GET …/events`) right after
// the server has sent it its first event: a real dropped connection, for the resume test.
import net from "node:net";
import { once } from "node:events";

export async function startCuttingProxy(target, { cuts = 1 } = {}) {
  const { hostname, port } = new URL(target);
  const state = { cutsLeft: cuts, cut: 0, eventRequests: 0 };
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    let armed = false;
    client.on("data", (chunk) => {
      const text = chunk.toString("latin1");
      if (/^GET \S+\/events/m.test(text)) {
        state.eventRequests += 1;
        armed = state.cutsLeft > 0;
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      client.write(chunk);
      if (armed && chunk.toString("latin1").includes("data:")) {
        armed = false;
        state.cutsLeft -= 1;
        state.cut += 1;
        client.destroy();
        upstream.destroy();
      }
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    state,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
