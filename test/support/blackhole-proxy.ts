// A TCP proxy for tests, between the app and PostgreSQL, that can lose the network the silent way: in
// "blackhole" mode it keeps reading and discarding bytes in both directions and closes nothing, as when NAT
// state is lost or a server dies without a reset. Healing forwards new connections again; connections that
// were blackholed stay dead, as they would after a NAT loss.
import net from 'node:net';

export type BlackholeProxy = {
  port: number;
  /** Connections through the proxy, open now (blackholed ones included). */
  openConnections: () => number;
  blackhole: () => void;
  heal: () => void;
  close: () => Promise<void>;
};

type Pair = { client: net.Socket; server: net.Socket; isDead: boolean };

export async function startBlackholeProxy(target: { host: string; port: number }): Promise<BlackholeProxy> {
  const pairs = new Set<Pair>();
  let isBlackholed = false;

  const proxy = net.createServer((client) => {
    client.on('error', () => {});
    if (isBlackholed) {
      // Accepted (as a router's half of a lost path would), then silence.
      client.on('data', () => {});
      pairs.add({ client, server: client, isDead: true });
      return;
    }
    const server = net.connect(target.port, target.host);
    server.on('error', () => {});
    const pair: Pair = { client, server, isDead: false };
    pairs.add(pair);
    client.on('data', (chunk) => pair.isDead || server.write(chunk));
    server.on('data', (chunk) => pair.isDead || client.write(chunk));
    const forget = (other: net.Socket) => () => {
      if (pair.isDead) return;
      other.destroy();
      pairs.delete(pair);
    };
    client.on('close', forget(server));
    server.on('close', forget(client));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as net.AddressInfo;

  return {
    port,
    openConnections: () => [...pairs].filter((p) => !p.client.destroyed).length,
    blackhole: () => {
      isBlackholed = true;
      for (const pair of pairs) pair.isDead = true;
    },
    heal: () => {
      isBlackholed = false;
    },
    close: async () => {
      for (const { client, server } of pairs) {
        client.destroy();
        server.destroy();
      }
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

/** `url` with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: BlackholeProxy): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  return proxied.toString();
}
