export * from './bookmark-file-reader';
export * from './json-bookmarks';
export * from './linkding-json';
export * from './netscape-parser';
export * from './netscape-tags';
export * from './netscape-writer';
export * from './pinboard-json';
