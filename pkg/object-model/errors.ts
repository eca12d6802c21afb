/** The error classes are the kit's (every transport maps them); the domain throws them. */
export * from '../kit/errors';
