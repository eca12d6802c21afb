export * from './netscape-parser';
export * from './netscape-writer';
