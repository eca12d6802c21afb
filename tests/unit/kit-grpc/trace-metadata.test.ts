import * as grpc from '@grpc/grpc-js';
import { metadataGetter, metadataSetter } from '../../../pkg/kit/transport/grpc/trace-metadata';

describe('trace context in gRPC metadata', () => {
  it('writes an entry the propagator sets', () => {
    const metadata = new grpc.Metadata();
    metadataSetter.set(metadata, 'traceparent', '00-abc-def-01');
    expect(metadata.get('traceparent')).toEqual(['00-abc-def-01']);
  });

  it('lists the keys sent', () => {
    const metadata = new grpc.Metadata();
    metadata.set('traceparent', 'x');
    metadata.set('tracestate', 'y');
    expect(metadataGetter.keys(metadata)).toEqual(['traceparent', 'tracestate']);
  });

  it('reads back the text values of a key', () => {
    const metadata = new grpc.Metadata();
    metadata.add('tracestate', 'a=1');
    metadata.add('tracestate', 'b=2');
    expect(metadataGetter.get(metadata, 'tracestate')).toEqual(['a=1', 'b=2']);
  });

  it('reads a key that is absent, or binary only, as absent', () => {
    const metadata = new grpc.Metadata();
    metadata.set('trace-bin', Buffer.from('binary'));
    expect(metadataGetter.get(metadata, 'traceparent')).toBeUndefined();
    expect(metadataGetter.get(metadata, 'trace-bin')).toBeUndefined();
  });
});
