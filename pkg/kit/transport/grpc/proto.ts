import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * How every .proto is loaded. `pb/generated` is produced by proto-loader-gen-types with the
 * same options (`npm run gen:proto`), so the generated types describe these objects exactly.
 */
export const PROTO_LOADER_OPTIONS = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
} as const;

/** Loads a .proto (imports resolved from `includeDirs`; google/protobuf types are built in). */
export function loadProto<T>(file: string, includeDirs: string[]): T {
  const definition = protoLoader.loadSync(file, { ...PROTO_LOADER_OPTIONS, includeDirs });
  return grpc.loadPackageDefinition(definition) as unknown as T;
}
