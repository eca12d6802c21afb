import { publicAddressesOnly } from '../../../pkg/link-checker';

/**
 * Each special range with the addresses on both sides of each of its edges: the first
 * and last address inside are refused, the neighbours outside are allowed (unless the
 * neighbour is itself in another special range, then it is listed there).
 */
const ipv4: [range: string, refused: string[], allowed: string[]][] = [
  ['this network 0.0.0.0/8', ['0.0.0.0', '0.255.255.255'], ['1.0.0.0']],
  ['private 10.0.0.0/8', ['10.0.0.0', '10.255.255.255'], ['9.255.255.255', '11.0.0.0']],
  ['carrier-grade NAT 100.64.0.0/10', ['100.64.0.0', '100.127.255.255'], ['100.63.255.255', '100.128.0.0']],
  ['loopback 127.0.0.0/8', ['127.0.0.0', '127.0.0.1', '127.255.255.255'], ['126.255.255.255', '128.0.0.0']],
  [
    'link-local 169.254.0.0/16 (cloud metadata)',
    ['169.254.0.0', '169.254.169.254', '169.254.255.255'],
    ['169.253.255.255', '169.255.0.0'],
  ],
  ['private 172.16.0.0/12', ['172.16.0.0', '172.31.255.255'], ['172.15.255.255', '172.32.0.0']],
  ['IETF protocol assignments 192.0.0.0/24', ['192.0.0.0', '192.0.0.255'], ['191.255.255.255', '192.0.1.0']],
  ['documentation 192.0.2.0/24', ['192.0.2.0', '192.0.2.255'], ['192.0.1.255', '192.0.3.0']],
  ['6to4 relay anycast 192.88.99.0/24', ['192.88.99.0', '192.88.99.255'], ['192.88.98.255', '192.88.100.0']],
  ['private 192.168.0.0/16', ['192.168.0.0', '192.168.255.255'], ['192.167.255.255', '192.169.0.0']],
  ['benchmarking 198.18.0.0/15', ['198.18.0.0', '198.19.255.255'], ['198.17.255.255', '198.20.0.0']],
  ['documentation 198.51.100.0/24', ['198.51.100.0', '198.51.100.255'], ['198.51.99.255', '198.51.101.0']],
  ['documentation 203.0.113.0/24', ['203.0.113.0', '203.0.113.255'], ['203.0.112.255', '203.0.114.0']],
  ['multicast 224.0.0.0/4', ['224.0.0.0', '224.0.0.1', '239.255.255.255'], ['223.255.255.255']],
  ['reserved 240.0.0.0/4 and broadcast', ['240.0.0.0', '255.255.255.254', '255.255.255.255'], []],
];

const ipv6: [range: string, refused: string[], allowed: string[]][] = [
  ['unspecified and loopback', ['::', '::1'], []],
  [
    'IPv4-compatible ::/96 (deprecated), whatever IPv4 it holds',
    ['::7f00:1', '::a9fe:a9fe', '::a00:1', '::808:808', '::ffff:ffff', '::0.0.0.2'],
    [],
  ],
  ['just past ::/96, outside 2000::/3', ['::1:0:0', '::fffe:ffff:ffff'], []],
  [
    'IPv4-mapped ::ffff:0:0/96, judged as IPv4',
    ['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::ffff:224.0.0.1'],
    ['::ffff:8.8.8.8', '::ffff:808:808'],
  ],
  ['IPv4-translated ::ffff:0:0:0/96', ['::ffff:0:808:808'], []],
  [
    'NAT64 64:ff9b::/96, judged as IPv4',
    ['64:ff9b::a00:1', '64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '64:ff9b::c0a8:1', '64:ff9b::e000:1'],
    ['64:ff9b::808:808', '64:ff9b::5db8:d822'],
  ],
  [
    'around NAT64: local-use 64:ff9b:1::/48 and neighbours outside 2000::/3',
    ['64:ff9b:1::808:808', '64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff', '64:ff9b:0:0:0:1:808:808'],
    [],
  ],
  [
    '6to4 2002::/16, judged by the IPv4 it wraps',
    ['2002:a00:1::1', '2002:7f00:1::', '2002:a9fe:a9fe::1', '2002:c0a8:101::1', '2002:e000:1::1'],
    ['2002:808:808::1', '2002:5db8:d822:1::1'],
  ],
  ['after 6to4', [], ['2003::1', '2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff']],
  [
    'IETF assignments 2001::/23 (Teredo, benchmarking, ORCHID, ...)',
    [
      '2001::1',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      '2001:2::1',
      '2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff',
    ],
    ['2001:200::', '2001:4860:4860::8888'],
  ],
  [
    'documentation 2001:db8::/32',
    ['2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db9::'],
  ],
  [
    'documentation 3fff::/20',
    ['3fff::1', '3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ['3ffe:ffff::1', '3fff:1000::1'],
  ],
  [
    'edges of 2000::/3',
    ['1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '4000::'],
    ['2000::', '2606:4700:4700::1111'],
  ],
  ['discard 100::/64', ['100::', '100::ffff:ffff:ffff:ffff'], []],
  ['unique local fc00::/7', ['fc00::', 'fd00::1', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], []],
  ['link-local fe80::/10 and site-local fec0::/10', ['fe80::1', 'febf::1', 'fec0::1'], []],
  [
    'multicast ff00::/8',
    ['ff00::', 'ff02::1', 'ff05::1:3', 'ff0e::1', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    [],
  ],
];

describe.each([...ipv4, ...ipv6])('publicAddressesOnly: %s', (_range, refused, allowed) => {
  if (refused.length > 0) {
    it.each(refused)('refuses %s', (address) => expect(publicAddressesOnly(address)).toBe(false));
  }
  if (allowed.length > 0) {
    it.each(allowed)('allows %s', (address) => expect(publicAddressesOnly(address)).toBe(true));
  }
});

describe('publicAddressesOnly: input that is no address', () => {
  it.each(['not-an-ip', '', 'fe80::1%eth0x', '1.2.3.4.5', '[::1]'])('refuses %j', (address) => {
    expect(publicAddressesOnly(address)).toBe(false);
  });
});
