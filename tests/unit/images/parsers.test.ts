import { parseLdd } from '../../../cmd/images/base-image';
import { parseProcStatus } from '../../../cmd/images/check-container';
import { containersConf, storageConf, tomlString } from '../../../cmd/images/containers-config';

describe('parseLdd', () => {
  it('lists the absolute library paths, without the vdso, once each', () => {
    const output = [
      '/usr/bin/node:',
      '\tlinux-vdso.so.1 (0x00007ffd1e5f2000)',
      '\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f3a1c200000)',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f3a1bf3e000)',
      '\t/lib64/ld-linux-x86-64.so.2 (0x00007f3a1c4d6000)',
      '/usr/bin/dash:',
      '\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f2d6b042000)',
    ].join('\n');
    expect(parseLdd(output)).toEqual([
      '/lib/x86_64-linux-gnu/libstdc++.so.6',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
    ]);
  });
});

describe('parseProcStatus', () => {
  const status = (uid: string, gid: string, capEff: string) =>
    `Name:\tnode\nUid:\t${uid}\nGid:\t${gid}\nCapInh:\t0000000000000000\nCapEff:\t${capEff}\n`;

  it('reads the effective uid and gid and the effective capabilities', () => {
    expect(
      parseProcStatus(status('1000\t1000\t1000\t1000', '1000\t1000\t1000\t1000', '0000000000000000')),
    ).toEqual({
      uid: 1000,
      gid: 1000,
      capEff: '0000000000000000',
    });
  });

  it('takes the effective id, not the real one', () => {
    expect(parseProcStatus(status('1000\t0\t0\t0', '1000\t0\t0\t0', '000001ffffffffff'))).toMatchObject({
      uid: 0,
      gid: 0,
    });
  });

  it('fails on text that is not a process status', () => {
    expect(() => parseProcStatus('Name:\tnode\n')).toThrow('unexpected /proc status');
  });
});

describe('containers configuration', () => {
  it('keeps overlay storage in the scratch directory', () => {
    expect(storageConf('/tmp/x')).toBe(
      '[storage]\ndriver = "overlay"\ngraphroot = "/tmp/x/storage"\nrunroot = "/tmp/x/run"\n',
    );
  });

  it('quotes paths as TOML strings', () => {
    expect(tomlString('/tmp/a "b"\\c')).toBe('"/tmp/a \\"b\\"\\\\c"');
  });

  it('uses runc, cgroupfs, a file events log and ulimits the host allows', () => {
    const conf = containersConf();
    expect(conf).toContain('[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\nevents_logger = "file"');
    expect(conf).toContain('[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]');
  });
});
