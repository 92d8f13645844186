/** @file Public surface of the contract. Isomorphic: imports zod only. */
export * from './errors';
export * from './dto';
export * from './generation';
export * from './training';
export * from './review';
export * from './models';
export * from './methods';
export * from './events';
export * from './rpc';
export * from './bridge';
export * from './poseEditMethods';
export * from './modelMethods';
