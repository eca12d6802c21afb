import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** `address:port` of every TCP socket a process listens on (Linux /proc), IPv4 and IPv6. */
export function listeningSockets(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  const sockets: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // st 0A is LISTEN; field 9 is the inode.
      if (fields.length < 10 || fields[3] !== '0A' || !inodes.has(fields[9])) continue;
      const [hexAddress, hexPort] = fields[1].split(':');
      sockets.push(`${addressOf(hexAddress)}:${parseInt(hexPort, 16)}`);
    }
  }
  return sockets.sort();
}

/** /proc writes addresses as host-order 32-bit words in hex. */
function addressOf(hex: string): string {
  const words = hex.match(/.{8}/g)!.map((word) => word.match(/../g)!.reverse().join(''));
  if (words.length === 1)
    return words[0]
      .match(/../g)!
      .map((b) => parseInt(b, 16))
      .join('.');
  const v6 = words.join('');
  if (v6 === '00000000000000000000000000000001') return '::1';
  if (/^0{32}$/.test(v6)) return '::';
  return v6.match(/.{4}/g)!.join(':');
}
