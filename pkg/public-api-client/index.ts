export {
  PublicApiClient,
  bookmarkFileType,
  type BookmarkFileType,
  type PublicApiClientOptions,
} from './public-api-client';
export { PublicApiError } from './public-api-error';
export * from './types';
