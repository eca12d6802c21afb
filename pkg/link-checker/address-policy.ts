import ipaddr from 'ipaddr.js';

export type AddressPolicy = (address: string) => boolean;

/**
 * Only globally routable unicast addresses: never loopback, private, link-local (cloud
 * metadata lives at 169.254.169.254), carrier-grade NAT, unique-local, multicast or
 * reserved ranges. An IPv4 address mapped into IPv6 is judged as IPv4.
 */
export const publicAddressesOnly: AddressPolicy = (address) => {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
};

export const anyAddress: AddressPolicy = () => true;
