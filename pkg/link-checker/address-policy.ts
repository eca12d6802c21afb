import ipaddr from 'ipaddr.js';

export type AddressPolicy = (address: string) => boolean;

/** IANA's global unicast block: every routable IPv6 allocation lies inside it. */
const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');
/** The well-known NAT64 prefix (RFC 6052): its last 32 bits are a public IPv4 address, or nothing we may reach. */
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/**
 * Only globally routable unicast addresses: never loopback, private, link-local (cloud
 * metadata lives at 169.254.169.254), carrier-grade NAT, unique-local, multicast,
 * documentation or reserved ranges. The ranges are ipaddr.js's `range()` classification;
 * an IPv6 address must also lie in 2000::/3, which refuses the deprecated
 * IPv4-compatible `::/96` (`::7f00:1` is 127.0.0.1 to some stacks). IPv6 forms that
 * carry an IPv4 address (mapped `::ffff:0:0/96`, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`) are judged by that IPv4 address.
 */
export const publicAddressesOnly: AddressPolicy = (address) => {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv4' ? isPublicIPv4(parsed as ipaddr.IPv4) : isPublicIPv6(parsed as ipaddr.IPv6);
};

export const anyAddress: AddressPolicy = () => true;

function isPublicIPv4(address: ipaddr.IPv4): boolean {
  return address.range() === 'unicast';
}

function isPublicIPv6(address: ipaddr.IPv6): boolean {
  const embedded = embeddedIPv4(address);
  if (embedded) return isPublicIPv4(embedded);
  return address.match(IPV6_GLOBAL_UNICAST) && address.range() === 'unicast';
}

/** The IPv4 address an IPv6 form stands for, when it is one whose traffic goes to that IPv4 host. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  const bytes = address.toByteArray();
  if (address.match(NAT64_WELL_KNOWN)) return new ipaddr.IPv4(bytes.slice(12, 16));
  // 6to4: 2002:AABB:CCDD::/48 is the site behind IPv4 AA.BB.CC.DD.
  if (address.range() === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  return undefined;
}
