import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { loadProto } from '../pkg/kit/transport/grpc/proto';
import type { ProtoGrpcType as HealthProto } from './generated/health';
import type { ProtoGrpcType as NewsProto } from './generated/news';

/**
 * The .proto files are read at run time from the repository's `pb/` folder: next to this
 * file when run from source, two levels up when run from `dist/pb/`.
 */
function findProtoDir(): string {
  const candidates = [__dirname, path.resolve(__dirname, '..', '..', 'pb')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'news.proto')));
  if (!found) throw new Error(`news.proto not found in ${candidates.join(' or ')}`);
  return found;
}

let protoDir_: string | undefined;

/** Found on first use, so importing the kit never fails where no gRPC is served. */
export function protoDir(): string {
  protoDir_ ??= findProtoDir();
  return protoDir_;
}

export function loadNewsProto(): NewsProto {
  return loadProto<NewsProto>('news.proto', [protoDir()]);
}

export function loadHealthProto(): HealthProto {
  return loadProto<HealthProto>('health.proto', [protoDir()]);
}
